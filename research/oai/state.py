"""The state of a list harvest, carried by the resumption token: the request's arguments, where
the last page ended and how far the harvest has got. The server keeps nothing between requests;
the token is this state, signed (django.core.signing), so a harvester cannot alter it."""

from dataclasses import asdict, dataclass, fields

from django.conf import settings
from django.core import signing

TOKEN_SALT = "catalogue.oai.resumption-token"


class BadToken(ValueError):
    """A resumption token that is expired, altered, or of another verb."""


@dataclass
class ResumptionState:
    verb: str
    metadata_prefix: str
    set_spec: str | None = None
    from_date: str | None = None
    until_date: str | None = None
    # The (updated_at in ISO form, pk) key of the last record sent; None before the first page.
    after: tuple[str, int] | None = None
    # How many records were sent before this page.
    cursor: int = 0
    # completeListSize, counted once at the first page.
    complete_size: int | None = None

    def token(self) -> str:
        return signing.dumps(asdict(self), salt=TOKEN_SALT, compress=True)

    @classmethod
    def from_token(cls, token: str, verb: str) -> "ResumptionState":
        try:
            data = signing.loads(token, salt=TOKEN_SALT, max_age=settings.OAI_TOKEN_MAX_AGE)
        except signing.SignatureExpired as error:
            raise BadToken("The resumption token has expired.") from error
        except signing.BadSignature as error:
            raise BadToken("The resumption token is not valid.") from error
        names = {field.name for field in fields(cls)}
        if not isinstance(data, dict) or set(data) != names or data["verb"] != verb:
            raise BadToken(f"The resumption token is not one of {verb}.")
        if data["after"] is not None:
            data["after"] = tuple(data["after"])
        return cls(**data)
