"""bilingual fields: issuing bodies in English beside the Indonesian ones (issue #15).

``issuing_body`` on checklist items and destination rules stays the Indonesian (or original)
text; ``issuing_body_english`` is new. An existing install loaded the defaults with English
bodies in ``issuing_body``: those rows (matched by the exact default text) get the English text
moved to the new column and the Indonesian one in its place. Bodies an admin wrote stay.

``shipping_rates.service_english``: the buyer's shipping option in English (NULL: the same as
``service``, a courier brand); the demo's Indonesian service names get their English ones.

Revision ID: i15_bilingual_fields
Revises: i13_supervision_cases
"""

import sqlalchemy as sa
from alembic import op

revision = "i15_bilingual_fields"
down_revision = "i13_supervision_cases"
branch_labels = None
depends_on = None

TABLES = ("readiness_items", "readiness_destination_rules")
#: The demo's Indonesian service names (as of this revision).
SERVICE_ENGLISH = {"Kargo udara": "Air cargo", "Kurir lokal Makassar": "Makassar local courier"}


def upgrade():
    from trading_house.readiness.defaults_bodies import INDONESIAN

    for name in TABLES:
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column(
                    "issuing_body_english",
                    sa.String(length=200),
                    server_default="",
                    nullable=False,
                )
            )
    with op.batch_alter_table("shipping_rates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("service_english", sa.String(length=80), nullable=True))
    bind = op.get_bind()
    for name in TABLES:
        table = sa.table(
            name, sa.column("issuing_body", sa.String), sa.column("issuing_body_english", sa.String)
        )
        for english, indonesian in INDONESIAN.items():
            bind.execute(
                table.update()
                .where(table.c.issuing_body == english, table.c.issuing_body_english == "")
                .values(issuing_body=indonesian, issuing_body_english=english)
            )
    rates = sa.table(
        "shipping_rates", sa.column("service", sa.String), sa.column("service_english", sa.String)
    )
    for indonesian, english in SERVICE_ENGLISH.items():
        bind.execute(
            rates.update().where(rates.c.service == indonesian).values(service_english=english)
        )


def downgrade():
    from trading_house.readiness.defaults_bodies import INDONESIAN

    with op.batch_alter_table("shipping_rates", schema=None) as batch_op:
        batch_op.drop_column("service_english")
    bind = op.get_bind()
    for name in TABLES:
        table = sa.table(
            name, sa.column("issuing_body", sa.String), sa.column("issuing_body_english", sa.String)
        )
        for english, indonesian in INDONESIAN.items():
            bind.execute(
                table.update()
                .where(table.c.issuing_body == indonesian, table.c.issuing_body_english == english)
                .values(issuing_body=english)
            )
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_column("issuing_body_english")
