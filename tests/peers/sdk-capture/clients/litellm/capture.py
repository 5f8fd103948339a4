"""Capture what LiteLLM's `dashscope/` provider puts on the wire for a matrix of intents.

Run:  CAPTURE_URL=http://127.0.0.1:PORT .venv/bin/python capture.py   (see ../../run-all.sh)

Env:
  CAPTURE_URL      (required) capture server origin
  OUT_DIR          (optional) default <peers-capture>/out
  INTENTS          (optional) comma-separated intent names to run
  CALL_TIMEOUT_S   (optional) per-call bound, default 20
Exits 0 only when every selected intent produced exactly one captured request
(or, for intents marked expect_error, raised client-side without sending one).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import traceback
import urllib.request
from importlib.metadata import version as dist_version
from pathlib import Path

# Must be set before litellm is imported: use the bundled cost map, never fetch it.
os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
os.environ.setdefault("LITELLM_LOG", "ERROR")

import litellm  # noqa: E402
from pydantic import BaseModel  # noqa: E402

CAPTURE_URL = os.environ.get("CAPTURE_URL", "").rstrip("/")
if not CAPTURE_URL:
    print("CAPTURE_URL is not set (e.g. CAPTURE_URL=http://127.0.0.1:PORT)", file=sys.stderr)
    sys.exit(2)
BASE_URL = f"{CAPTURE_URL}/compatible-mode/v1"
HERE = Path(__file__).resolve().parent
OUT_DIR = Path(os.environ.get("OUT_DIR", HERE.parent.parent / "out"))
CALL_TIMEOUT_S = float(os.environ.get("CALL_TIMEOUT_S", "20"))
FAKE_API_KEY = "sk-capture-not-a-real-key"
CLIENT = "litellm"

PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAIAAAD8GO2jAAAGy0lEQVR42hXVkb/GIBTG8ReHYTgMw+EwHIbDMBwOh8Pwh+FwOAyHYRiG4d3tD+jb53TOc36/H8MP8UP+GH+oH/rH9GP+YX4sP+yP9Yf74X9sP/Yfx4/zR/jBj/jj+nH/eH6kH++P/KP8qD/aj/7j9xsYBsSAHBgH1IAemAbmATOwDNiBdcAN+IFtYB84Bs6BMMBAHLgG7oFnIA28A3mgDNSBNtCHDxAMAiGQglGgBFowCWaBESwCK1gFTuAFm2AXHIJTEAQIouAS3IJHkASvIAuKoAqaoIsPkAwSIZGSUaIkWjJJZomRLBIrWSVO4iWbZJccklMSJEii5JLckkeSJK8kS4qkSpqkyw8YGUbEiBwZR9SIHplG5hEzsozYkXXEjfiRbWQfOUbOkTDCSBy5Ru6RZySNvCN5pIzUkTbSxw9QDAqhkIpRoRRaMSlmhVEsCqtYFU7hFZtiVxyKUxEUKKLiUtyKR5EUryIriqIqmqKrD9AMGqGRmlGjNFozaWaN0Swaq1k1TuM1m2bXHJpTEzRooubS3JpHkzSvJmuKpmqapusPmBgmxIScGCfUhJ6YJuYJM7FM2Il1wk34iW1inzgmzokwwUScuCbuiWciTbwTeaJM1Ik20acPmBlmxIycGWfUjJ6ZZuYZM7PM2Jl1xs34mW1mnzlmzpkww0ycuWbumWcmzbwzeabM1Jk20+cPMAwGYZCG0aAM2jAZZoMxLAZrWA3O4A2bYTcchtMQDBii4TLchseQDK8hG4qhGpqhmw9YGBbEglwYF9SCXpgW5gWzsCzYhXXBLfiFbWFfOBbOhbDAQly4Fu6FZyEtvAt5oSzUhbbQlw+wDBZhkZbRoizaMllmi7EsFmtZLc7iLZtltxyW0xIsWKLlstyWx5IsryVbiqVamqXbD1gZVsSKXBlX1IpemVbmFbOyrNiVdcWt+JVtZV85Vs6VsMJKXLlW7pVnJa28K3mlrNSVttLXD3AMDuGQjtGhHNoxOWaHcSwO61gdzuEdm2N3HI7TERw4ouNy3I7HkRyvIzuKozqao7sP8Awe4ZGe0aM82jN5Zo/xLB7rWT3O4z2bZ/ccntMTPHii5/LcnseTPK8ne4qnepqn+w/YGDbEhtwYN9SG3pg25g2zsWzYjXXDbfiNbWPfODbOjbDBRty4Nu6NZyNtvBt5o2zUjbbRtw/YGXbEjtwZd9SO3pl25h2zs+zYnXXH7fidbWffOXbOnbDDTty5du6dZyftvDt5p+zUnbbT9w84GA7EgTwYD9SBPpgO5gNzsBzYg/XAHfiD7WA/OA7Og3DAQTy4Du6D5yAdvAf5oBzUg3bQjw84GU7EiTwZT9SJPplO5hNzspzYk/XEnfiT7WQ/OU7Ok3DCSTy5Tu6T5ySdvCf5pJzUk3bSzw8IDAERkIExoAI6MAXmgAksARtYAy7gA1tgDxyBMxACBGLgCtyBJ5ACbyAHSqAGWqCHD/hffN9q+pbHF+9fAH8R+YXYFzNfEHyj+g3T1+5fQ34t833qV/avMN/Tv8v/T4QLbnggwQsZClRo0L+1/YsMERGRkTGiIjoyReaIiSwRG1kjLuIjW2SPHJEzEuL/9TFyRe7IE0mRN5IjJVIjLdLjB1wMF+JCXowX6kJfTBfzhblYLuzFeuEu/MV2sV8cF+dFuP4fHy+ui/viuUgX70W+KBf1ol306wNuhhtxI2/GG3Wjb6ab+cbcLDf2Zr1xN/5mu9lvjpvzJtz/pYk3181989ykm/cm35SbetNu+v0BD8ODeJAP44N60A/Tw/xgHpYH+7A+uAf/sD3sD8fD+RCe/8LHh+vhfnge0sP7kB/KQ31oD/35gMSQEAmZGBMqoRNTYk6YxJKwiTXhEj6xJfbEkTgTIf1/a0xciTvxJFLiTeRESdRES/T0AS/Di3iRL+OLetEv08v8Yl6WF/uyvrgX/7K97C/Hy/kS3v+miS/Xy/3yvKSX9yW/lJf60l76+wGZISMyMjNmVEZnpsycMZklYzNrxmV8ZsvsmSNzZkL+b8mYuTJ35smkzJvJmZKpmZbp+QMKQ0EUZGEsqIIuTIW5YApLwRbWgiv4wlbYC0fhLITy3/CxcBXuwlNIhbeQC6VQC63QywdUhoqoyMpYURVdmSpzxVSWiq2sFVfxla2yV47KWQn1f5xi5arclaeSKm8lV0qlVlql1w9oDA3RkI2xoRq6MTXmhmksDdtYG67hG1tjbxyNsxHa/7DGxtW4G08jNd5GbpRGbbRGbx/QGTqiIztjR3V0Z+rMHdNZOrazdlzHd7bO3jk6Zyf0/yiInatzd55O6ryd3Cmd2mmd3vkD4XNgWyf/NBMAAAAASUVORK5CYII="
PNG_DATA_URL = f"data:image/png;base64,{PNG_BASE64}"
HTTPS_IMAGE_URL = "https://upload.wikimedia.org/wikipedia/commons/4/47/PNG_transparency_demonstration_1.png"
MODELS = ["qwen-plus", "qwen3.5-plus", "qwen3-max", "Qwen/Qwen3-32B"]

PACKAGES = {
    "litellm": dist_version("litellm"),
    "openai": dist_version("openai"),
    "httpx": dist_version("httpx"),
    "python": sys.version.split()[0],
}

litellm.suppress_debug_info = True
litellm.telemetry = False


def slug(m: str) -> str:
    return "".join(c if (c.isalnum() or c in ".-") else "_" for c in m)


def control(method: str, p: str):
    req = urllib.request.Request(f"{CAPTURE_URL}/__capture/{p}", method=method, data=b"" if method == "POST" else None)
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.loads(r.read())


PROMPT = [{"role": "user", "content": "Say hello in one word."}]
TOOL_PROMPT = [{"role": "user", "content": "What is the weather in Paris?"}]
OBJ_PROMPT = [{"role": "user", "content": "Give the weather in Paris as JSON with fields city and temperature_c."}]
TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Get the current weather for a city.",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string", "description": "City name"}},
                "required": ["city"],
                "additionalProperties": False,
            },
        },
    }
]
WEATHER_JSON_SCHEMA = {
    "type": "json_schema",
    "json_schema": {
        "name": "weather",
        "strict": True,
        "schema": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "temperature_c": {"type": "number"}},
            "required": ["city", "temperature_c"],
            "additionalProperties": False,
        },
    },
}


class Weather(BaseModel):
    city: str
    temperature_c: float


def image_messages(url: str):
    return [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "What is in this image?"},
                {"type": "image_url", "image_url": {"url": url}},
            ],
        }
    ]


def call(model: str, messages, **kwargs):
    """One litellm.completion call against the capture server; returns a JSON-safe summary."""
    stream = bool(kwargs.get("stream"))
    resp = litellm.completion(
        model=f"dashscope/{model}",
        api_base=BASE_URL,
        api_key=FAKE_API_KEY,
        messages=messages,
        timeout=CALL_TIMEOUT_S,
        num_retries=0,
        **kwargs,
    )
    if stream:
        text, reasoning, tool_calls, finish = "", "", [], None
        for chunk in resp:
            if not chunk.choices:
                continue
            ch = chunk.choices[0]
            d = ch.delta
            text += d.content or ""
            reasoning += getattr(d, "reasoning_content", None) or ""
            for tc in d.tool_calls or []:
                tool_calls.append({"name": tc.function.name, "arguments": tc.function.arguments})
            finish = ch.finish_reason or finish
        return {"text": text, "reasoning_content": reasoning or None, "tool_calls": tool_calls, "finish_reason": finish}
    msg = resp.choices[0].message
    return {
        "text": msg.content,
        "reasoning_content": getattr(msg, "reasoning_content", None),
        "tool_calls": [{"name": tc.function.name, "arguments": tc.function.arguments} for tc in (msg.tool_calls or [])],
        "finish_reason": resp.choices[0].finish_reason,
    }


def describe(model: str, kwargs: dict, messages_note: str) -> str:
    shown = {k: ("<pydantic Weather>" if isinstance(v, type) else v) for k, v in kwargs.items()}
    args = ", ".join(f"{k}={json.dumps(v)}" for k, v in shown.items())
    return f'litellm.completion(model="dashscope/{model}", api_base=..., api_key=..., messages={messages_note}' + (f", {args})" if args else ")")


INTENTS: list[dict] = []


def add(intent: str, model: str, messages=PROMPT, messages_note="[user text]", expect_error: bool = False, **kwargs):
    INTENTS.append(
        {
            "intent": intent,
            "model": model,
            "messages": messages,
            "kwargs": kwargs,
            "call": describe(model, kwargs, messages_note),
            "expect_error": expect_error,
        }
    )


for m in MODELS:
    s = slug(m)
    add(f"plain_nonstream__{s}", m)
    add(f"plain_stream__{s}", m, stream=True)
    add(f"plain_stream_include_usage__{s}", m, stream=True, stream_options={"include_usage": True})
    add(f"thinking_on_nonstream__{s}", m, reasoning_effort="high")
    add(f"thinking_on_stream__{s}", m, stream=True, reasoning_effort="high")

T = "qwen3.5-plus"
for effort in ["minimal", "low", "medium", "high", "none"]:
    add(f"reasoning_effort_{effort}_stream", T, stream=True, reasoning_effort=effort)
# `thinking=` (Anthropic-style) is not in DashScopeChatConfig's supported params: LiteLLM rejects it
# client-side (UnsupportedParamsError, nothing on the wire) unless drop_params / allowed_openai_params.
add("thinking_param_enabled_budget_nonstream", T, expect_error=True, thinking={"type": "enabled", "budget_tokens": 2048})
add("thinking_param_enabled_budget_stream", T, expect_error=True, stream=True, thinking={"type": "enabled", "budget_tokens": 2048})
add("thinking_param_disabled_stream", T, expect_error=True, stream=True, thinking={"type": "disabled"})
add("thinking_param_drop_params_stream", T, stream=True, drop_params=True, thinking={"type": "enabled", "budget_tokens": 2048})
add("thinking_param_allowed_openai_params_stream", T, stream=True, allowed_openai_params=["thinking"],
    thinking={"type": "enabled", "budget_tokens": 2048})
add("thinking_param_allowed_openai_params_nonstream", T, allowed_openai_params=["thinking"],
    thinking={"type": "enabled", "budget_tokens": 2048})
add("thinking_param_allowed_with_max_tokens_stream", T, stream=True, max_tokens=4096, allowed_openai_params=["thinking"],
    thinking={"type": "enabled", "budget_tokens": 2048})
add("extra_body_thinking_on_nonstream", T, extra_body={"enable_thinking": True})
add("extra_body_thinking_on_stream", T, stream=True, extra_body={"enable_thinking": True})
add("thinking_on_budget_stream", T, stream=True, extra_body={"enable_thinking": True, "thinking_budget": 2048})
add("thinking_off_nonstream", T, extra_body={"enable_thinking": False})
add("thinking_off_stream", T, stream=True, extra_body={"enable_thinking": False})
add("thinking_budget_only_stream", T, stream=True, extra_body={"thinking_budget": 2048})
add("thinking_budget_only_nonstream", T, extra_body={"thinking_budget": 2048})
add("enable_thinking_kwarg_stream", T, stream=True, enable_thinking=True)
add("chat_template_kwargs_stream__Qwen_Qwen3-32B", "Qwen/Qwen3-32B", stream=True,
    extra_body={"chat_template_kwargs": {"enable_thinking": True}})
add("max_tokens_nonstream", "qwen-plus", max_tokens=256, temperature=0.7, top_p=0.9)
add("max_completion_tokens_nonstream", "qwen-plus", max_completion_tokens=256)

P = "qwen-plus"
add("tools_required_nonstream", P, TOOL_PROMPT, "[user text]", tools=TOOLS, tool_choice="required")
add("tools_required_stream", P, TOOL_PROMPT, "[user text]", stream=True, tools=TOOLS, tool_choice="required")
add("tools_auto_nonstream", P, TOOL_PROMPT, "[user text]", tools=TOOLS, tool_choice="auto")
add("tools_default_choice_nonstream", P, TOOL_PROMPT, "[user text]", tools=TOOLS)
add("tools_named_nonstream", P, TOOL_PROMPT, "[user text]", tools=TOOLS,
    tool_choice={"type": "function", "function": {"name": "get_weather"}})
add("tools_required_parallel_off_nonstream", P, TOOL_PROMPT, "[user text]", tools=TOOLS, tool_choice="required",
    parallel_tool_calls=False)
add("tools_required_thinking_on_stream", T, TOOL_PROMPT, "[user text]", stream=True, tools=TOOLS,
    tool_choice="required", reasoning_effort="high")

add("json_object_nonstream", P, OBJ_PROMPT, "[user text]", response_format={"type": "json_object"})
add("json_object_stream", P, OBJ_PROMPT, "[user text]", stream=True, response_format={"type": "json_object"})
for m in [P, "qwen3.7-plus"]:
    add(f"json_schema_nonstream__{slug(m)}", m, OBJ_PROMPT, "[user text]", response_format=WEATHER_JSON_SCHEMA)
    add(f"json_schema_pydantic_nonstream__{slug(m)}", m, OBJ_PROMPT, "[user text]", response_format=Weather)

add("image_data_url_nonstream", T, image_messages(PNG_DATA_URL), "[user: text + image_url data:image/png;base64,...]")
add("image_https_url_nonstream", T, image_messages(HTTPS_IMAGE_URL), "[user: text + image_url https://...]")
add("image_https_url_stream", T, image_messages(HTTPS_IMAGE_URL), "[user: text + image_url https://...]", stream=True)


class CallTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise CallTimeout(f"timeout after {CALL_TIMEOUT_S + 5} s")


def main() -> int:
    only = {s.strip() for s in os.environ["INTENTS"].split(",")} if os.environ.get("INTENTS") else None
    out = OUT_DIR / CLIENT
    out.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGALRM, _alarm)
    failures: list[str] = []
    ran = 0
    for it in INTENTS:
        if only is not None and it["intent"] not in only:
            continue
        ran += 1
        try:
            control("POST", "reset")
            signal.alarm(int(CALL_TIMEOUT_S) + 5)
            error = None
            try:
                result = call(it["model"], it["messages"], **it["kwargs"])
            except CallTimeout:
                raise
            except Exception as e:  # client-side rejection is data when expected
                if not it["expect_error"]:
                    raise
                error = f"{type(e).__name__}: {e}"
                result = None
            finally:
                signal.alarm(0)
            reqs = control("GET", "requests")
            record = {
                "client": CLIENT,
                "client_version": PACKAGES["litellm"],
                "packages": PACKAGES,
                "intent": it["intent"],
                "model_id": it["model"],
                "sdk_call": it["call"],
            }
            if error is not None:
                if reqs:
                    raise RuntimeError(f"expected no request after client-side error, got {len(reqs)}")
                record["client_error"] = error
                record["request"] = None
            else:
                if len(reqs) != 1:
                    raise RuntimeError(f"expected exactly 1 request at the capture server, got {len(reqs)}")
                req = dict(reqs[0])
                req.pop("seq", None)
                body_raw = req.pop("body_raw", None)
                record["request"] = req
                record["request_body_raw"] = body_raw
                record["sdk_result"] = result
            (out / f"{it['intent']}.json").write_text(json.dumps(record, indent=2) + "\n")
            print(f"ok   {CLIENT} {it['intent']}", flush=True)
        except Exception:
            failures.append(it["intent"])
            print(f"FAIL {CLIENT} {it['intent']}:\n{traceback.format_exc()}", file=sys.stderr, flush=True)
    print(f"{CLIENT}: {ran - len(failures)} passed, {len(failures)} failed", flush=True)
    if ran == 0:
        print("no intent matched INTENTS", file=sys.stderr)
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
