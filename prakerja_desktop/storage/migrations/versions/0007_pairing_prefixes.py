"""receipt-number prefixes the office assigns at pairing (issue 19)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08 00:40:00

The office hands every laptop it pairs a 5-character receipt prefix that is unique in its database, and
keeps the code each laptop used before (kind "own") so that code is never handed to another laptop.
Laptops paired before this version keep their own code until they pair again (docs/architecture.md).
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pairing_prefixes',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('prefix', sa.String(length=8), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('for_code', sa.String(length=8), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pairing_prefixes')),
    sa.UniqueConstraint('prefix', name=op.f('uq_pairing_prefixes_prefix'))
    )
    with op.batch_alter_table('pairing_prefixes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pairing_prefixes_device_id'), ['device_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('pairing_prefixes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pairing_prefixes_device_id'))
    op.drop_table('pairing_prefixes')
