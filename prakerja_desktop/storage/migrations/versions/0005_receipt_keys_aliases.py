"""receipt keys the office certifies, and receipt numbers that live on as aliases (issue 15)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 21:10:00

Laptops paired before this version get their receipt key listed from their pairing row, valid from the
day they were accepted (UTC day: the office time zone is a setting the migration does not read).
"""

import base64
import hashlib

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    keys = op.create_table('receipt_keys',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('key_id', sa.String(length=8), nullable=False),
    sa.Column('public', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.Column('device_code', sa.String(length=8), nullable=False),
    sa.Column('device_name', sa.String(length=200), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('withdrawn_from', sa.Date(), nullable=True),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_receipt_keys')),
    sa.UniqueConstraint('key_id', name=op.f('uq_receipt_keys_key_id'))
    )
    with op.batch_alter_table('receipt_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_receipt_keys_device_id'), ['device_id'], unique=False)
    op.create_table('receipt_aliases',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('receipt_number', sa.String(length=32), nullable=False),
    sa.Column('record_uuid', sa.Uuid(), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_receipt_aliases')),
    sa.UniqueConstraint('receipt_number', name=op.f('uq_receipt_aliases_receipt_number'))
    )
    with op.batch_alter_table('receipt_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_receipt_aliases_record_uuid'), ['record_uuid'], unique=False)
    # Laptops already paired: their receipt keys join the list (the same key id as receipts/keylist.py).
    paired = op.get_bind().execute(sa.text(
        "SELECT device_id, code, name, receipt_public, accepted_at FROM paired_devices "
        "WHERE role = 'laptop' AND receipt_public != ''")).all()
    seen: set[str] = set()
    rows = []
    for device_id, code, name, public, accepted_at in paired:
        key_id = base64.b32encode(hashlib.sha256(base64.b64decode(public)).digest()).decode('ascii')[:5]
        if key_id in seen:
            continue
        seen.add(key_id)
        day = accepted_at.date() if hasattr(accepted_at, 'date') else None
        rows.append({'key_id': key_id, 'public': public, 'device_id': device_id, 'device_code': code or '',
                     'device_name': name or '', 'valid_from': day, 'withdrawn_from': None,
                     'added_at': accepted_at})
    if rows:
        op.bulk_insert(keys, rows)


def downgrade() -> None:
    with op.batch_alter_table('receipt_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_receipt_aliases_record_uuid'))
    op.drop_table('receipt_aliases')
    with op.batch_alter_table('receipt_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_receipt_keys_device_id'))
    op.drop_table('receipt_keys')
