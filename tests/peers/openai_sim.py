"""The official `openai` Python package against qwen-sim: proves our envelopes are the real shapes.

Usage: python openai_sim.py http://127.0.0.1:<port>   (exit code 1 when a check fails)
"""
import json
import sys

import openai
from openai import OpenAI

BASE = sys.argv[1].rstrip("/")
HI = [{"role": "user", "content": "Why is the sky blue?"}]
WEATHER = [{"type": "function", "function": {"name": "get_weather", "parameters": {
    "type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]
results = []


def client(surface, key="sk-sim-intl-1", path="/compatible-mode/v1"):
    return OpenAI(base_url=f"{BASE}/{surface}{path}", api_key=key, max_retries=0, timeout=20)


def check(name, fn):
    try:
        said = fn()
        results.append({"case": name, "ok": True, "client_said": said})
    except Exception as e:  # noqa: BLE001 — report any failure as a failed case
        results.append({"case": name, "ok": False, "client_said": f"{type(e).__name__}: {e}"})


def stream_reasoning():
    c = client("dashscope-intl")
    reasoning, content, usage = "", "", None
    for chunk in c.chat.completions.create(model="qwen3.5-plus", messages=HI, stream=True,
                                           stream_options={"include_usage": True}):
        if chunk.usage:
            usage = chunk.usage
        if chunk.choices:
            d = chunk.choices[0].delta
            reasoning += getattr(d, "reasoning_content", None) or ""
            content += d.content or ""
    assert reasoning.startswith("Simulated reasoning"), reasoning
    assert "simulated answer" in content, content
    assert usage.completion_tokens_details.reasoning_tokens > 0
    return f"reasoning {len(reasoning)} chars, answer {len(content)} chars, usage {usage.total_tokens} tokens (reasoning {usage.completion_tokens_details.reasoning_tokens})"


def body():
    r = client("dashscope-cn", key="sk-sim-cn-1").chat.completions.create(model="qwen-plus", messages=HI)
    assert r.object == "chat.completion" and r.choices[0].finish_reason == "stop"
    assert r.usage.prompt_tokens_details.cached_tokens == 0
    return f"{r.id}: {r.choices[0].message.content[:40]}…"


def tools_stream():
    calls = {}
    for chunk in client("dashscope-intl").chat.completions.create(
            model="qwen-plus", messages=HI, tools=WEATHER, stream=True):
        for tc in (chunk.choices[0].delta.tool_calls or []) if chunk.choices else []:
            entry = calls.setdefault(tc.index, {"id": "", "name": "", "arguments": ""})
            entry["id"] = entry["id"] or (tc.id or "")
            if tc.function:
                entry["name"] = entry["name"] or (tc.function.name or "")
                entry["arguments"] += tc.function.arguments or ""
    call = calls[0]
    assert call["id"].startswith("call_") and call["name"] == "get_weather"
    assert json.loads(call["arguments"])["city"]
    return f"tool call {call['name']}({call['arguments']}) id {call['id']}"


def expect_error(exc_type, fn):
    try:
        fn()
    except exc_type as e:
        return e
    raise AssertionError(f"expected {exc_type.__name__}")


def wrong_region():
    e = expect_error(openai.AuthenticationError, lambda: client("dashscope-intl", key="sk-sim-cn-1")
                     .chat.completions.create(model="qwen-plus", messages=HI))
    assert e.status_code == 401 and e.code == "invalid_api_key"
    return f"AuthenticationError {e.status_code} code={e.code} message={e.message[:60]!r}"


def rate_limit():
    e = expect_error(openai.RateLimitError, lambda: client("dashscope-intl").chat.completions.create(
        model="qwen-plus", messages=HI, extra_headers={"X-Qwen-Sim-Scenario": "rate-limit"}))
    assert e.response.headers.get("retry-after") == "2"
    return f"RateLimitError {e.status_code} code={e.code} retry-after={e.response.headers.get('retry-after')}"


def thinking_non_stream():
    e = expect_error(openai.BadRequestError, lambda: client("dashscope-intl").chat.completions.create(
        model="qwen3.5-plus", messages=HI, extra_body={"enable_thinking": True}))
    assert e.code == "invalid_parameter_error" and "enable_thinking" in e.message
    return f"BadRequestError {e.status_code} code={e.code} type={e.type}"


def error_mid_stream():
    seen = 0
    try:
        for _ in client("dashscope-intl").chat.completions.create(
                model="qwen3.5-plus", messages=HI, stream=True,
                extra_headers={"X-Qwen-Sim-Scenario": "error-mid-stream"}):
            seen += 1
    except openai.APIError as e:
        assert seen >= 1
        return f"APIError after {seen} chunks: {e.message[:60]!r}"
    raise AssertionError("the error frame was not raised")


def vllm_reasoning():
    c = client("vllm", key="EMPTY", path="/v1")
    reasoning = ""
    for chunk in c.chat.completions.create(model="Qwen/Qwen3-8B", messages=HI, stream=True):
        if chunk.choices:
            reasoning += getattr(chunk.choices[0].delta, "reasoning", None) or ""
    assert reasoning
    return f"delta.reasoning (vLLM spelling): {len(reasoning)} chars"


def vllm_unknown_model():
    e = expect_error(openai.NotFoundError, lambda: client("vllm", key="EMPTY", path="/v1")
                     .chat.completions.create(model="qwen3-8b", messages=HI))
    return f"NotFoundError {e.status_code}: {e.message[:60]!r}"


def ollama_models():
    ids = [m.id for m in client("ollama", key="ollama", path="/v1").models.list()]
    assert "qwen3:8b" in ids
    return f"{len(ids)} models, e.g. {ids[0]}"


def litellm_usage():
    usage, text = None, ""
    for chunk in client("litellm", key="sk-sim-litellm", path="/v1").chat.completions.create(
            model="Qwen/Qwen3-8B", messages=HI, stream=True, stream_options={"include_usage": True},
            extra_body={"chat_template_kwargs": {"enable_thinking": False}}):
        usage = chunk.usage or usage
        text += (chunk.choices[0].delta.content or "") if chunk.choices else ""
    assert usage and text
    return f"usage chunk with one empty choice accepted: {usage.total_tokens} tokens"


for name, fn in [("dashscope stream with reasoning and usage", stream_reasoning),
                 ("dashscope non-streaming body", body),
                 ("dashscope streamed tool call", tools_stream),
                 ("401 key from another region", wrong_region),
                 ("429 limit_requests with Retry-After", rate_limit),
                 ("400 thinking on a non-streaming call", thinking_non_stream),
                 ("error frame mid-stream", error_mid_stream),
                 ("vLLM reasoning field", vllm_reasoning),
                 ("vLLM unknown model", vllm_unknown_model),
                 ("Ollama /models", ollama_models),
                 ("LiteLLM usage chunk", litellm_usage)]:
    check(name, fn)

print(f"openai (Python) {openai.__version__} against qwen-sim:")
for r in results:
    print(f"  {'ok  ' if r['ok'] else 'FAIL'} {r['case']}: {r['client_said']}")
sys.exit(0 if all(r["ok"] for r in results) else 1)
