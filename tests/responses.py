"""Reading test responses, streamed or not."""


def body(response) -> bytes:
    """The whole response body, streamed or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content
