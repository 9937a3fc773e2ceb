"""The registry's benchmark (bench/run.py) and its plain-Django peer (bench/peer.py)."""
