"""The optional language-model provider: any OpenAI-compatible chat-completions endpoint
(`ASSISTANT_URL`, `ASSISTANT_MODEL`, `ASSISTANT_API_KEY`), e.g. a local Ollama or vLLM server.

It runs inside a background job. The whole call has a time limit (`ASSISTANT_TIMEOUT` seconds);
the reply must be the JSON object asked for; a reply with text that reads like orders is refused.
Each of these failures raises `ProviderError` and the offline provider answers instead. Nothing
here writes to the database: the answer is only ever a proposal the KAM reviews.
"""

from __future__ import annotations

import datetime
import json
import re
import threading
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings

from assistant import dates, notes, prompts
from assistant.providers import INSTRUCTIONS, MALFORMED, TIMEOUT, UNREACHABLE, Answer, ProviderError, Request

MAX_REPLY_BYTES = 2_000_000
_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$", re.IGNORECASE)
_SUMMARY_KEYS = {
    "decisions": notes.DECISION,
    "risks": notes.RISK,
    "tasks": notes.TASK,
    "next_steps": notes.NEXT_STEP,
}


def endpoint() -> str:
    url = settings.ASSISTANT_URL.rstrip("/")
    return url if url.endswith("/chat/completions") else url + "/chat/completions"


class ModelProvider:
    name = "model"

    def answer(self, request: Request) -> Answer:
        chat = prompts.messages(
            request.kind,
            request.language,
            request.today,
            payload=request.payload,
            notes=request.notes,
            people=request.people,
            items=request.items,
        )
        body = {
            "model": settings.ASSISTANT_MODEL,
            "messages": chat,
            "temperature": 0,
            "response_format": {"type": "json_object"},
        }
        prompt = json.dumps(chat, ensure_ascii=False, indent=1)
        raw = _post(body, timeout=settings.ASSISTANT_TIMEOUT)
        try:
            content = _content(raw)
            data = json.loads(_FENCE.sub("", content))
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise ProviderError(MALFORMED, str(exc)[:200]) from exc
        if not isinstance(data, dict):
            raise ProviderError(MALFORMED, "not an object")
        if any(notes.gives_orders(text) for text in _strings(data)):
            raise ProviderError(INSTRUCTIONS)
        answer = _parse(request, data)
        answer.prompt, answer.raw = prompt, raw[:200_000]
        answer.notices = [{"kind": "model", "model": settings.ASSISTANT_MODEL}]
        return answer


def _post(body: dict, timeout: float) -> str:
    """POST the request; the whole exchange must finish within `timeout` seconds."""
    outcome: dict[str, Any] = {}

    def call() -> None:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if settings.ASSISTANT_API_KEY:
            headers["Authorization"] = f"Bearer {settings.ASSISTANT_API_KEY}"
        data = json.dumps(body, ensure_ascii=False).encode()
        # The URL comes from settings, which accept only http and https (kam/settings.py).
        req = urllib.request.Request(endpoint(), data=data, headers=headers, method="POST")  # noqa: S310
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:  # noqa: S310
                outcome["raw"] = response.read(MAX_REPLY_BYTES + 1).decode("utf-8", errors="replace")
        except TimeoutError as exc:
            outcome["error"] = ProviderError(TIMEOUT, str(exc))
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", None)
            kind = TIMEOUT if isinstance(reason, TimeoutError) or "timed out" in str(exc) else UNREACHABLE
            outcome["error"] = ProviderError(kind, str(exc)[:200])

    worker = threading.Thread(target=call, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise ProviderError(TIMEOUT, f"no answer within {timeout} s")
    if "error" in outcome:
        raise outcome["error"]
    if len(outcome["raw"]) > MAX_REPLY_BYTES:
        raise ProviderError(MALFORMED, "reply too large")
    return outcome["raw"]


def _content(raw: str) -> str:
    reply = json.loads(raw)
    content = reply["choices"][0]["message"]["content"]
    if not isinstance(content, str):
        raise TypeError("content is not text")
    return content


def _strings(value: Any):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _parse(request: Request, data: dict) -> Answer:
    if request.kind == "summary":
        return Answer(items=_items(request, data), language=request.language)
    if request.kind == "meeting_prep":
        prep = {key: _text_list(data.get(key)) for key in ("agenda", "questions")}
        if not prep["agenda"]:
            raise ProviderError(MALFORMED, "no agenda")
        return Answer(data=prep, language=request.language)
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ProviderError(MALFORMED, "no text")
    return Answer(text=text.strip()[:20_000] + "\n", language=request.language)


def _text_list(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [item.strip()[:500] for item in value if isinstance(item, str) and item.strip()][:20]


def _items(request: Request, data: dict) -> list[notes.Item]:
    if not any(isinstance(data.get(key), list) for key in _SUMMARY_KEYS):
        raise ProviderError(MALFORMED, "none of the expected lists")
    people = {person.name.casefold(): person for person in request.people}
    items = []
    for key, kind in _SUMMARY_KEYS.items():
        for entry in data.get(key) or []:
            if (
                not isinstance(entry, dict)
                or not isinstance(entry.get("text"), str)
                or not entry["text"].strip()
            ):
                raise ProviderError(MALFORMED, f"bad entry in {key}")
            item = notes.Item(kind=kind, text=entry["text"].strip()[:500])
            named = people.get(str(entry.get("owner") or "").strip().casefold())
            if named is not None and kind in (notes.TASK, notes.NEXT_STEP):
                if named.side == "user":
                    item.owner = named
                else:
                    item.their_person = named
            item.due, item.due_phrase = _due(entry.get("due"), item.text, request.today)
            items.append(item)
    return items[: notes.MAX_ITEMS]


def _due(value: Any, text: str, today: datetime.date) -> tuple[datetime.date | None, str]:
    if isinstance(value, str) and value.strip():
        try:
            return datetime.date.fromisoformat(value.strip()[:10]), ""
        except ValueError:
            pass
    found = dates.find_due(text, today)
    return (found.date, found.phrase) if found else (None, "")
