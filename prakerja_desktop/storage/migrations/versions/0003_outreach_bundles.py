"""outreach bundles: hybrid logical clocks, paired devices, bundle ledgers, imported audit, review queue

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 10:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

SYNCED_TABLES = ('drafts', 'records', 'record_changes', 'wave_outcomes')


def upgrade() -> None:
    for table in SYNCED_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            # Rows written before this version get "" (older than any clock): they travel in the first bundle.
            batch_op.add_column(sa.Column('hlc', sa.String(length=64), nullable=False, server_default=''))
            batch_op.create_index(batch_op.f(f'ix_{table}_hlc'), ['hlc'], unique=False)

    op.create_table('paired_devices',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('sign_public', sa.String(length=64), nullable=False),
    sa.Column('box_public', sa.String(length=64), nullable=False),
    sa.Column('receipt_public', sa.String(length=64), nullable=False),
    sa.Column('accepted_at', sa.DateTime(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_paired_devices')),
    sa.UniqueConstraint('device_id', name=op.f('uq_paired_devices_device_id'))
    )
    op.create_table('bundle_exports',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('bundle_id', sa.Uuid(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('hlc_from', sa.String(length=64), nullable=False),
    sa.Column('hlc_to', sa.String(length=64), nullable=False),
    sa.Column('audit_to', sa.Integer(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('acked_at', sa.DateTime(), nullable=True),
    sa.Column('purged_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bundle_exports')),
    sa.UniqueConstraint('bundle_id', name=op.f('uq_bundle_exports_bundle_id')),
    sa.UniqueConstraint('sequence', name=op.f('uq_bundle_exports_sequence'))
    )
    op.create_table('bundle_imports',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('bundle_id', sa.Uuid(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('hlc_to', sa.String(length=64), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('imported_by', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bundle_imports')),
    sa.UniqueConstraint('bundle_id', name=op.f('uq_bundle_imports_bundle_id')),
    sa.UniqueConstraint('device_id', 'sequence', name=op.f('uq_bundle_imports_device_id'))
    )
    with op.batch_alter_table('bundle_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bundle_imports_device_id'), ['device_id'], unique=False)

    op.create_table('imported_audit_events',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('subject', sa.String(length=64), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('bundle_id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imported_audit_events')),
    sa.UniqueConstraint('uuid', name=op.f('uq_imported_audit_events_uuid'))
    )
    with op.batch_alter_table('imported_audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_imported_audit_events_device_id'), ['device_id'], unique=False)

    op.create_table('review_items',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=False),
    sa.Column('existing_uuid', sa.Uuid(), nullable=False),
    sa.Column('incoming_uuid', sa.Uuid(), nullable=False),
    sa.Column('incoming_device_id', sa.Uuid(), nullable=False),
    sa.Column('incoming', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=False),
    sa.Column('decided_by', sa.String(length=200), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_items')),
    sa.UniqueConstraint('incoming_uuid', name=op.f('uq_review_items_incoming_uuid')),
    sa.UniqueConstraint('uuid', name=op.f('uq_review_items_uuid'))
    )
    with op.batch_alter_table('review_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_items_existing_uuid'), ['existing_uuid'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_items_nik'), ['nik'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_items_status'), ['status'], unique=False)


def downgrade() -> None:
    for name in ('review_items', 'imported_audit_events', 'bundle_imports', 'bundle_exports', 'paired_devices'):
        op.drop_table(name)
    for table in SYNCED_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_hlc'))
            batch_op.drop_column('hlc')
