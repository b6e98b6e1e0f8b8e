"""sync tombstones and received review decisions

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 00:30:00

Erasures and retention purges leave a tombstone (record UUID, when, why, clock; no personal data) that
travels in bundles both ways, so an erased person never comes back (issue 19). A laptop keeps the review
decisions the office sends back about its records.
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_tombstones',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('erased_at', sa.DateTime(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.Column('origin_device_id', sa.Uuid(), nullable=True),
    sa.Column('hlc', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_tombstones')),
    sa.UniqueConstraint('uuid', name=op.f('uq_sync_tombstones_uuid'))
    )
    with op.batch_alter_table('sync_tombstones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_tombstones_origin_device_id'), ['origin_device_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sync_tombstones_hlc'), ['hlc'], unique=False)
    op.create_table('sync_received_decisions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('record_uuid', sa.Uuid(), nullable=False),
    sa.Column('kept_uuid', sa.Uuid(), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_received_decisions')),
    sa.UniqueConstraint('uuid', name=op.f('uq_sync_received_decisions_uuid'))
    )
    with op.batch_alter_table('sync_received_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_received_decisions_record_uuid'), ['record_uuid'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sync_received_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_received_decisions_record_uuid'))
    op.drop_table('sync_received_decisions')
    with op.batch_alter_table('sync_tombstones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_tombstones_hlc'))
        batch_op.drop_index(batch_op.f('ix_sync_tombstones_origin_device_id'))
    op.drop_table('sync_tombstones')
