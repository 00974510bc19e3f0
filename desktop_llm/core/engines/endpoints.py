"""Remote endpoints the user has set up: name, base URL and default model in ``Settings.endpoints``; the API key in
the OS keyring (service ``desktop-llm``, account = the endpoint's name, followed by the profile folder when
``DESKTOP_LLM_HOME`` sets one, so two profiles never share keys), never in the settings file or a log.

Base URLs are stored in :func:`~.remote.normalize_base_url`'s canonical form (``http://host:port/v1``).
Where no keyring works (a headless Linux without Secret Service) a key cannot be saved: the message says to pass it
through an environment variable instead (the CLI's ``--api-key-env NAME``).
"""

from __future__ import annotations

import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..common.messages import Text, translate
from ..common.paths import HOME_ENV
from ..common.settings import Settings
from ..models.catalog import LOOPBACK
from .remote import RemoteError, normalize_base_url

log = logging.getLogger(__name__)

KEYRING_SERVICE = "desktop-llm"


class EndpointError(RemoteError):
    """An endpoint that cannot be saved or used as given; the message says what to change."""


class KeyringUnavailable(EndpointError):
    """No OS keyring can hold (or give back) an API key here."""


@dataclass
class Endpoint:
    name: str
    base_url: str
    default_model: str = ""

    def __post_init__(self) -> None:
        self.name = self.name.strip()
        if not self.name:
            raise EndpointError(translate("CoreEngine", "Give the endpoint a name."))
        try:
            self.base_url = normalize_base_url(self.base_url)
        except RemoteError as exc:
            raise EndpointError(exc.args[0]) from None  # the message as it is (a Text, translated by the UI)
        self.default_model = self.default_model.strip()


def load_endpoints(settings: Settings) -> list[Endpoint]:
    """The saved endpoints; an entry that no longer validates is skipped (and logged), not fatal."""
    endpoints = []
    for raw in settings.endpoints:
        try:
            endpoints.append(Endpoint(str(raw["name"]), str(raw["base_url"]), str(raw.get("default_model") or "")))
        except (KeyError, TypeError, EndpointError) as exc:
            log.warning("Skipping a saved endpoint that is not valid: %s", exc)
    return endpoints


def save_endpoints(settings: Settings, endpoints: list[Endpoint]) -> None:
    names = [e.name.casefold() for e in endpoints]
    duplicate = next((e.name for e in endpoints if names.count(e.name.casefold()) > 1), None)
    if duplicate:
        raise EndpointError(translate("CoreEngine", "Two endpoints are named '{name}'; give each its own "
                                      "name.").format(name=duplicate))
    settings.endpoints = [asdict(e) for e in endpoints]


def find_endpoint(settings: Settings, name: str) -> Endpoint:
    endpoints = load_endpoints(settings)
    for endpoint in endpoints:
        if endpoint.name.casefold() == name.strip().casefold():
            return endpoint
    have = ", ".join(e.name for e in endpoints) or translate("CoreEngine", "none yet (add one in Settings ▸ Remote "
                                                                           "endpoints)")
    raise EndpointError(translate("CoreEngine", "There is no endpoint named '{name}'. Endpoints: {endpoints}.").format(
        name=name, endpoints=have))


def plain_http_warning(base_url: str, has_key: bool) -> Text | None:
    """A warning when an API key would go unencrypted over the network (plain http to another computer)."""
    parts = urlsplit(base_url)
    if not has_key or parts.scheme != "http" or parts.hostname in LOOPBACK:
        return None
    return translate("CoreEngine", "Careful: the API key would travel unencrypted to {host} (plain http), where anyone "
                     "on the network path can read it. Use https:// if the server offers it.").format(
        host=parts.hostname)


def _per_profile(account: str) -> str:
    """A keyring account, with the profile folder for a profile of its own (DESKTOP_LLM_HOME)."""
    home = os.environ.get(HOME_ENV)
    return account if not home else f"{account} ({Path(home).expanduser().resolve()})"


def _keyring():
    """The keyring module, imported on first use: it looks for the OS backend, which opening the window does not
    need."""
    import keyring
    import keyring.errors

    return keyring


def api_key(endpoint: Endpoint) -> str | None:
    """The saved key, or None. Without any keyring nothing can have been saved, so that is None too."""
    return read_secret(KEYRING_SERVICE, endpoint.name)


def set_api_key(endpoint: Endpoint, key: str) -> None:
    """Save ``key`` for ``endpoint``; an empty key deletes the saved one."""
    save_secret(KEYRING_SERVICE, endpoint.name, key)


def delete_api_key(endpoint: Endpoint) -> None:
    save_secret(KEYRING_SERVICE, endpoint.name, "")


def read_secret(service: str, account: str) -> str | None:
    """A key kept in the OS keyring (an endpoint's, the local server's), or None."""
    keyring = _keyring()
    try:
        return keyring.get_password(service, _per_profile(account))
    except keyring.errors.NoKeyringError:
        return None
    except keyring.errors.KeyringError as exc:
        raise _unavailable(exc, translate("CoreEngine", "API keys cannot be read here")) from None


def save_secret(service: str, account: str, key: str) -> None:
    """Keep ``key`` in the OS keyring; an empty one deletes what was kept."""
    keyring = _keyring()
    account = _per_profile(account)
    try:
        if key.strip():
            keyring.set_password(service, account, key.strip())
        else:
            keyring.delete_password(service, account)
    except (keyring.errors.PasswordDeleteError, keyring.errors.NoKeyringError):
        if key.strip():
            raise _unavailable(keyring.errors.NoKeyringError(),
                               translate("CoreEngine", "API keys cannot be saved here")) from None
    except keyring.errors.KeyringError as exc:
        problem = (translate("CoreEngine", "API keys cannot be saved here") if key.strip()
                   else translate("CoreEngine", "API keys cannot be deleted here"))
        raise _unavailable(exc, problem) from None


def _unavailable(exc: Exception, problem: Text) -> KeyringUnavailable:
    """``problem`` is what cannot be done ("API keys cannot be read here")."""
    detail = (translate("CoreEngine", "none is installed") if isinstance(exc, _keyring().errors.NoKeyringError)
              else f"{exc}")
    return KeyringUnavailable(translate(
        "CoreEngine", "{problem}: no working OS keyring ({detail}). Put the key in an environment variable and pass "
        "its name (desktop-llm … --api-key-env NAME), or install and unlock a keyring (GNOME Keyring, "
        "KWallet).").format(problem=problem, detail=detail))


__all__ = ["Endpoint", "EndpointError", "KEYRING_SERVICE", "KeyringUnavailable", "api_key", "delete_api_key",
           "find_endpoint", "load_endpoints", "plain_http_warning", "read_secret", "save_endpoints", "save_secret",
           "set_api_key"]
