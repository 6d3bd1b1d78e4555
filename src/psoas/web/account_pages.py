"""Accounts on the web: log in and out, change a password, accept an invitation or a reset link,
and the admin's accounts and audit pages; the same under ``/api/v1`` (login, me, admin).

Every route here has its line in :data:`psoas.web.policy.RULES`. The session cookie is HTTP-only,
SameSite=Lax and Secure whenever the request came over HTTPS (behind the TLS proxy) or
the setting ``secure_cookies`` (``PSOAS_SECURE_COOKIES=1``); forms carry the CSRF token as everywhere else.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from psoas.errors import InputError
from psoas.practice.accounts import SESSION_HOURS, Actor, LoginRefused
from psoas.web import forms
from psoas.web.policy import POLICY_RESPONSES, SESSION_COOKIE, actor_of, client_ip, practice_of
from psoas.web.rendering import checked_form, render

router = APIRouter(tags=["pages"], include_in_schema=False)
api_router = APIRouter(prefix="/api/v1", tags=["accounts"], responses=POLICY_RESPONSES)


def set_session(request: Request, response: Response, token: str) -> Response:
    secure = request.url.scheme == "https" or request.app.state.settings.secure_cookies
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )
    return response


def home_of(actor: Actor) -> str:
    if actor.role in ("therapist", "admin") and actor.person_id is None:
        return "/practice"
    return f"/people/{actor.person_id}/diary" if actor.person_id else "/"


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else ""


def _record(
    request: Request, actor: Actor | None, action: str, status: int = 200, person: int | None = None
) -> None:
    practice_of(request.app).audit.record(
        actor, action, person_id=person, ip=client_ip(request.scope), outcome=status
    )


def _login(request: Request, name: str, password: str) -> tuple[Actor, str]:
    practice = practice_of(request.app)
    try:
        token = practice.accounts.login(name, password, client_ip(request.scope))
    except LoginRefused:
        _record(request, None, "login-failed", 401)
        raise
    actor = practice.accounts.session_actor(token)
    assert actor is not None
    _record(request, actor, "login")
    return actor, token


# -- pages ----------------------------------------------------------------------------------------
@router.get("/login")
def login_page(request: Request, next: str = "") -> Response:
    """The login form."""
    return render(request, "login.html", {"next": _safe_next(next), "error": ""})


@router.post("/login")
def login_post(request: Request, form: forms.Form = Depends(checked_form)) -> Response:
    """Check the name and password (5 failures lock the name and the address for 15 minutes)."""
    target = _safe_next(forms.first(form, "next"))
    try:
        actor, token = _login(request, forms.first(form, "name"), forms.first(form, "password"))
    except LoginRefused as exc:
        return render(request, "login.html", {"next": target, "error": exc.reason}, 401)
    return set_session(request, RedirectResponse(target or home_of(actor), status_code=303), token)


@router.post("/logout")
def logout_post(request: Request, form: forms.Form = Depends(checked_form)) -> Response:
    """End this session."""
    practice_of(request.app).accounts.logout(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/account")
def account_page(request: Request, done: str = "") -> Response:
    """Your account: name, role, change the password; a client's export and delete."""
    return render(request, "account.html", {"actor": actor_of(request), "error": "", "done": done})


@router.post("/account/password")
def password_post(request: Request, form: forms.Form = Depends(checked_form)) -> Response:
    """Change your password (every other session ends)."""
    actor = actor_of(request)
    try:
        practice_of(request.app).accounts.change_password(
            actor, forms.first(form, "current"), forms.first(form, "new")
        )
    except InputError as exc:
        return render(request, "account.html", {"actor": actor, "error": str(exc), "done": ""}, 422)
    _record(request, actor, "password-change")
    token = practice_of(request.app).accounts.start_session(actor.id)
    return set_session(request, RedirectResponse("/account?done=password", status_code=303), token)


@router.get("/invite/{token}")
def invite_page(request: Request, token: str) -> Response:
    """Accept an invitation from your therapist: your name, an account name and a password."""
    practice_of(request.app).accounts.check_link("invite", token)
    return render(request, "invite.html", {"token": token, "error": "", "kind": "invite"})


@router.post("/invite/{token}")
def invite_post(request: Request, token: str, form: forms.Form = Depends(checked_form)) -> Response:
    """Create the client's account and log them in."""
    try:
        actor, session = practice_of(request.app).accounts.accept_invite(
            token, forms.first(form, "person_name"), forms.first(form, "name"), forms.first(form, "password")
        )
    except InputError as exc:
        return render(request, "invite.html", {"token": token, "error": str(exc), "kind": "invite"}, 422)
    _record(request, actor, "invite-accepted", person=actor.person_id)
    return set_session(request, RedirectResponse(home_of(actor), status_code=303), session)


@router.get("/reset/{token}")
def reset_page(request: Request, token: str) -> Response:
    """Choose a new password through a reset link from the admin."""
    practice_of(request.app).accounts.check_link("reset", token)
    return render(request, "invite.html", {"token": token, "error": "", "kind": "reset"})


@router.post("/reset/{token}")
def reset_post(request: Request, token: str, form: forms.Form = Depends(checked_form)) -> Response:
    """Set the new password; log in with it."""
    try:
        practice_of(request.app).accounts.accept_reset(token, forms.first(form, "password"))
    except InputError as exc:
        return render(request, "invite.html", {"token": token, "error": str(exc), "kind": "reset"}, 422)
    _record(request, None, "password-reset")
    return RedirectResponse("/login", status_code=303)


@router.get("/admin/accounts")
def admin_accounts(request: Request) -> Response:
    """Every account, a form to add one, reset links."""
    return _admin_page(request, {})


def _admin_page(request: Request, extra: dict[str, Any], status: int = 200) -> Response:
    context = {"accounts": practice_of(request.app).accounts.list(), "error": "", "link": ""} | extra
    return render(request, "admin_accounts.html", context, status)


@router.post("/admin/accounts")
def admin_add(request: Request, form: forms.Form = Depends(checked_form)) -> Response:
    """Add an admin or a therapist account (clients join through invitations)."""
    role = forms.first(form, "role")
    try:
        if role not in ("admin", "therapist"):
            raise InputError(
                "role", "admins add admins and therapists; clients join by invitation", ("admin", "therapist")
            )
        created = practice_of(request.app).accounts.create(
            forms.first(form, "name"), forms.first(form, "password"), role
        )
    except InputError as exc:
        return _admin_page(request, {"error": str(exc)}, 422)
    _record(request, actor_of(request), f"account-created:{created.id}")
    return RedirectResponse("/admin/accounts", status_code=303)


@router.post("/admin/accounts/{account_id}/reset")
def admin_reset(request: Request, account_id: int, form: forms.Form = Depends(checked_form)) -> Response:
    """Make a one-time reset link (24 hours) for an account."""
    actor = actor_of(request)
    token = practice_of(request.app).accounts.reset_link(actor, account_id)
    _record(request, actor, f"reset-link:{account_id}")
    return _admin_page(request, {"link": f"{request.base_url}reset/{token}"})


@router.get("/admin/audit")
def admin_audit(request: Request) -> Response:
    """The newest 500 audit entries."""
    _record(request, actor_of(request), "audit-read")
    return render(request, "admin_audit.html", {"entries": practice_of(request.app).audit.entries(500)})


@router.get("/admin/audit.csv")
def admin_audit_csv(request: Request) -> Response:
    """The whole audit log as CSV."""
    _record(request, actor_of(request), "audit-export")
    headers = {"content-disposition": 'attachment; filename="psoas-audit.csv"'}
    return Response(practice_of(request.app).audit.csv(), media_type="text/csv", headers=headers)


# -- API ------------------------------------------------------------------------------------------
class Login(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=120)
    password: str = Field(min_length=1, max_length=1000)


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    current: str = ""
    new: str


class NewAccount(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    role: str
    password: str


def _me(actor: Actor) -> dict[str, Any]:
    return {"id": actor.id, "name": actor.name, "role": actor.role, "person_id": actor.person_id}


@api_router.post(
    "/login", responses={401: {"description": "Wrong name or password, or locked out (ErrorBody)"}}
)
def api_login(request: Request, body: Login) -> Response:
    """Log in; the answer sets the session cookie (HTTP-only, SameSite=Lax)."""
    try:
        actor, token = _login(request, body.name, body.password)
    except LoginRefused as exc:
        from psoas.web.errors import error_response

        return error_response(request, 401, exc.reason)
    return set_session(request, JSONResponse(_me(actor)), token)


@api_router.post("/logout")
def api_logout(request: Request) -> Response:
    """End this session."""
    practice_of(request.app).accounts.logout(request.cookies.get(SESSION_COOKIE))
    response = JSONResponse({"ok": True})
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@api_router.get("/me")
def api_me(request: Request) -> dict[str, Any]:
    """The account of this session."""
    return _me(actor_of(request))


@api_router.post("/me/password")
def api_password(request: Request, body: PasswordChange) -> dict[str, Any]:
    """Change the password (every session of the account ends, this one too)."""
    actor = actor_of(request)
    practice_of(request.app).accounts.change_password(actor, body.current, body.new)
    _record(request, actor, "password-change")
    return {"ok": True}


@api_router.get("/admin/accounts")
def api_accounts(request: Request) -> list[dict[str, Any]]:
    """Every account (admin only)."""
    return practice_of(request.app).accounts.list()


@api_router.post("/admin/accounts", status_code=201)
def api_add_account(request: Request, body: NewAccount) -> dict[str, Any]:
    """Add an admin or therapist account (admin only)."""
    if body.role not in ("admin", "therapist"):
        raise InputError("role", "clients join by invitation", ("admin", "therapist"))
    created = practice_of(request.app).accounts.create(body.name, body.password, body.role)
    _record(request, actor_of(request), f"account-created:{created.id}")
    return _me(created)


@api_router.post("/admin/accounts/{account_id}/reset", status_code=201)
def api_reset(request: Request, account_id: int) -> dict[str, Any]:
    """A one-time reset link for an account (admin only)."""
    actor = actor_of(request)
    token = practice_of(request.app).accounts.reset_link(actor, account_id)
    _record(request, actor, f"reset-link:{account_id}")
    return {"link": f"/reset/{token}"}


@api_router.get("/admin/audit")
def api_audit(request: Request, limit: int = 500, person_id: int | None = None) -> list[dict[str, Any]]:
    """The newest audit entries (admin only)."""
    _record(request, actor_of(request), "audit-read")
    return practice_of(request.app).audit.entries(limit, person_id)
