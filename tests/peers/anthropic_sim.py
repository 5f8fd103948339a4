"""The official `anthropic` Python package against qwen-sim's Anthropic Messages endpoints: proves
the simulated `/apps/anthropic` answers (streams, tool use, error envelopes, `event: error`) are
the shapes the real SDK reads.

Usage: python anthropic_sim.py http://127.0.0.1:<port>   (exit code 1 when a check fails)
"""
import json
import sys

import anthropic

BASE = sys.argv[1].rstrip("/")
HI = [{"role": "user", "content": "Why is the sky blue?"}]
WEATHER = [{"name": "get_weather", "description": "Weather for a city", "input_schema": {
    "type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}]
results = []


def client(surface, key="sk-sp-sim-1"):
    # auth_token is sent as Authorization: Bearer, as Claude Code's ANTHROPIC_AUTH_TOKEN is.
    return anthropic.Anthropic(base_url=f"{BASE}/{surface}/apps/anthropic", auth_token=key,
                               api_key=None, max_retries=0, timeout=20)


def check(name, fn):
    try:
        said = fn()
        results.append({"case": name, "ok": True, "client_said": said})
    except Exception as e:  # noqa: BLE001 — report any failure as a failed case
        results.append({"case": name, "ok": False, "client_said": f"{type(e).__name__}: {e}"})


def stream_thinking():
    thinking, text = "", ""
    with client("coding-plan-intl").messages.stream(
            model="qwen3.5-plus", max_tokens=1024, messages=HI,
            thinking={"type": "enabled", "budget_tokens": 1024}) as stream:
        for event in stream:
            if event.type == "content_block_delta" and event.delta.type == "thinking_delta":
                thinking += event.delta.thinking
            if event.type == "content_block_delta" and event.delta.type == "text_delta":
                text += event.delta.text
        message = stream.get_final_message()
    kinds = [b.type for b in message.content]
    assert kinds == ["thinking", "text"], kinds
    assert thinking.startswith("Simulated reasoning"), thinking
    assert "simulated answer" in text, text
    assert message.stop_reason == "end_turn" and message.usage.output_tokens > 0
    return f"thinking {len(thinking)} chars, text {len(text)} chars, stop_reason {message.stop_reason}, usage in {message.usage.input_tokens}/out {message.usage.output_tokens}"


def tool_use():
    m = client("dashscope-intl", key="sk-sim-intl-1").messages.create(
        model="qwen3.6-plus", max_tokens=256, messages=[{"role": "user", "content": "Weather in Hangzhou?"}],
        tools=WEATHER, tool_choice={"type": "any"}, thinking={"type": "disabled"})
    use = [b for b in m.content if b.type == "tool_use"][0]
    assert m.stop_reason == "tool_use" and use.name == "get_weather" and use.input["city"]
    assert use.id.startswith("toolu_")
    return f"tool_use {use.name}({json.dumps(use.input)}) id {use.id}, stop_reason {m.stop_reason}"


def expect_error(exc_type, fn):
    try:
        fn()
    except exc_type as e:
        return e
    raise AssertionError(f"expected {exc_type.__name__}")


def wrong_plan_401():
    e = expect_error(anthropic.AuthenticationError, lambda: client("coding-plan-intl", key="sk-sim-intl-1")
                     .messages.create(model="qwen3.5-plus", max_tokens=64, messages=HI))
    assert e.status_code == 401 and e.type == "authentication_error", (e.status_code, e.type)
    return f"AuthenticationError {e.status_code} type={e.type} request_id={e.request_id} message={e.message[:50]!r}"


def rate_limit_429():
    e = expect_error(anthropic.RateLimitError, lambda: client("dashscope-cn", key="sk-sim-cn-1").messages.create(
        model="qwen3.5-plus", max_tokens=64, messages=HI, extra_headers={"X-Qwen-Sim-Scenario": "rate-limit"}))
    assert e.response.headers.get("retry-after") == "2" and e.type == "rate_limit_error"
    return f"RateLimitError {e.status_code} type={e.type} retry-after={e.response.headers.get('retry-after')}"


def error_event_mid_stream():
    seen = 0
    try:
        with client("dashscope-cn", key="sk-sim-cn-1").messages.stream(
                model="qwen3.5-plus", max_tokens=64, messages=HI,
                extra_headers={"X-Qwen-Sim-Scenario": "error-mid-stream"}) as stream:
            for _ in stream:
                seen += 1
    except anthropic.APIStatusError as e:
        assert seen >= 1 and e.type == "overloaded_error", (seen, e.type)
        return f"{type(e).__name__} after {seen} events: status {e.status_code}, type={e.type}"
    raise AssertionError("the error event was not raised")


for name, fn in [("streamed answer with thinking (Coding Plan, Bearer)", stream_thinking),
                 ("tool use (pay-as-you-go, tool_choice any)", tool_use),
                 ("401 pay-as-you-go key on Coding Plan", wrong_plan_401),
                 ("429 rate_limit_error with retry-after", rate_limit_429),
                 ("event: error mid-stream", error_event_mid_stream)]:
    check(name, fn)

for r in results:
    print(("ok   " if r["ok"] else "FAIL ") + r["case"] + " — " + r["client_said"])
sys.exit(0 if all(r["ok"] for r in results) else 1)
