"""The public home page and the language switch."""

from flask import Blueprint, current_app, redirect, render_template, request, session

from petitions.extensions import db
from petitions.permissions import public
from petitions.views_support import safe_next

bp = Blueprint("public", __name__)


@bp.route("/")
@public
def home():
    return render_template("public/home.html")


@bp.route("/language/<lang>", methods=["GET", "POST"])
@public
def set_language(lang):
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    return redirect(safe_next(request.values.get("next") or request.referrer))


@bp.route("/healthz")
@public
def health():
    db.session.execute(db.text("SELECT 1"))
    return {"status": "ok"}


@bp.route("/accessibility")
@public
def accessibility():
    return render_template("public/accessibility.html")
