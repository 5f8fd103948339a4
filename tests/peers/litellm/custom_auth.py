"""A real 401 without a database (LiteLLM answers 400 "No connected db" otherwise): only the master key passes."""
import hmac
import os

from fastapi import Request
from litellm.proxy._types import ProxyException, UserAPIKeyAuth

EXPECTED = os.environ.get("PEER_API_KEY", "sk-test-1234")


async def user_api_key_auth(request: Request, api_key: str) -> UserAPIKeyAuth:
    if isinstance(api_key, str) and hmac.compare_digest(api_key, EXPECTED):
        return UserAPIKeyAuth(api_key=api_key)
    raise ProxyException(message="Invalid API key", type="invalid_request_error", param="api_key", code=401)
