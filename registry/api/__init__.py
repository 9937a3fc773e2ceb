"""The public JSON API, version 1: serializers, viewsets and URLs."""
