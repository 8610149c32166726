"""A catalog-level picture of a database's schema, read from pg_catalog in one query.

What alembic's inspector shows (tables, columns, indexes, constraints) is not enough to
tell whether a downgrade undid its upgrade: an enum type, a grant, row-level security or
a comment left behind is invisible to it. The snapshot names every object that
`pg_dump --schema-only --create` would restore, with its definition as PostgreSQL prints
it (owners, grants and comments included), so two snapshots compare as equal exactly when
the schemas are; the template's tests hold it to pg_dump. Left out on purpose: what is not
schema (rows, sequence values, temporary objects), objects owned by an extension (its own
row covers them), alembic's version table and the lineage env.py keeps beside it (meant
to change: db/lineage.py), and the order of columns (a
downgrade that adds back a dropped column can only append it).

Each row also carries the object's identity (its OID, or table OID and attribute number
for a column), the table it belongs to, and a few raw facts, so that two snapshots of the
same database tell a rename (same identity, new name) from a drop and an add. The catalog
rules (catalog.py) read them; two snapshots compare equal on definitions alone.

The walk takes two snapshots per revision, so the query reads as little as it can: the
catalogs hold thousands of rows about PostgreSQL's own objects, and every object made
after initdb has an OID of at least 16384 (FirstNormalObjectId), which the catalogs'
OID indexes find without reading the rest.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import Connection, TextClause, text

from {{ cookiecutter.project_slug }}.db.lineage import LINEAGE_TABLE, VERSION_TABLE

from release_checks.quoting import quote_literal


@dataclass(frozen=True)
class Identity:
    """Which object a row is, across renames, while it exists."""

    key: str  # "class 16385", "column 16385.2", "constraint 16390", "enum label 16401", ...
    table: int | None  # the OID of the table the object belongs to, if any
    # Raw facts the rules compare: a column's "type-OID typmod not-null"; an index's or a
    # constraint's "{column numbers} referenced-table-OID" (an index's partitioned index
    # after); a partition's partitioned table OID; an enum label's type OID; a foreign
    # key's trigger's "enabled-state table-OID constraint"; as JSON, a policy's [command,
    # [roles], USING, WITH CHECK] and a function's [how many arguments have defaults,
    # variadic or not, [argument types]].
    facts: str | None


@dataclass(frozen=True)
class Snapshot:
    # (kind, name) -> definition: what pg_dump would restore; what equality compares
    objects: Mapping[tuple[str, str], str]
    # (kind, name) -> identity, also for rows that only carry one (enum labels)
    identities: Mapping[tuple[str, str], Identity] = field(compare=False, repr=False)


_SNAPSHOT = """
WITH ns AS (
    SELECT oid, nspname, nspowner, nspacl FROM pg_namespace
    WHERE nspname NOT IN ('pg_catalog', 'information_schema')
      AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp\\_%'
),
from_extension AS (SELECT objid FROM pg_depend WHERE deptype = 'e' AND objid >= 16384),
rel AS (
    SELECT c.oid, c.relkind, c.relpersistence, c.reloptions, c.relowner, c.relacl,
           c.relrowsecurity, c.relforcerowsecurity, c.relreplident, c.relispartition,
           c.relam, c.reltablespace, c.reloftype,
           format('%I.%I', ns.nspname, c.relname) AS name
    FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
    WHERE c.oid >= 16384 AND c.oid NOT IN (SELECT objid FROM from_extension)
      AND NOT (c.relname IN (:version_table, :lineage_table) AND c.relkind IN ('r', 'p'))
      AND NOT EXISTS (  -- the bookkeeping tables' own primary key indexes
          SELECT FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
          WHERE i.indexrelid = c.oid AND t.relname IN (:version_table, :lineage_table))
),
-- who owns an object and who may use it, as pg_dump's OWNER TO and GRANT restore them;
-- the owner only when it is not the role running the check, which owns the rest
owned AS (SELECT oid AS role FROM pg_roles WHERE rolname = current_user)
SELECT 'schema', nspname::text,  -- text: in a name, the other rows' names would be cut at 63 bytes
       concat_ws(' ', 'owner ' || nullif(nspowner, (SELECT role FROM owned))::regrole,
                 'grants ' || GRANTS(nspacl, 'n', nspowner)),
       'schema ' || oid, NULL::oid, NULL
FROM ns
UNION ALL
SELECT 'database', 'the current database',
       concat_ws(' ', 'owner ' || d.datdba::regrole, 'grants ' || GRANTS(d.datacl, 'd', d.datdba),
                 'connection limit ' || nullif(d.datconnlimit, -1),
                 'comment: ' || shobj_description(d.oid, 'pg_database'),
                 (SELECT 'settings ' || string_agg(
                             coalesce('for ' || nullif(s.setrole, 0)::regrole, 'for all')
                             || ' ' || s.setconfig::text, ', ' ORDER BY s.setrole)
                  FROM pg_db_role_setting s WHERE s.setdatabase = d.oid)),
       NULL, NULL, NULL
FROM pg_database d WHERE d.datname = current_database()
UNION ALL
SELECT 'extension', extname, format('version %s in schema %s', extversion,
                                   extnamespace::regnamespace),
       NULL, NULL, NULL
FROM pg_extension
UNION ALL
SELECT CASE relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'partitioned table'
                    WHEN 'f' THEN 'foreign table' ELSE 'composite type' END,
       name,
       concat_ws(' ', CASE relpersistence WHEN 'u' THEN 'unlogged' END,
                 'partition by ' || CASE WHEN relkind = 'p' THEN pg_get_partkeydef(rel.oid) END,
                 (SELECT CASE WHEN relispartition
                              THEN 'partition of ' || min(inhparent::regclass::text) || ' '
                                   || pg_get_expr(c.relpartbound, c.oid)
                              ELSE 'inherits ' || string_agg(inhparent::regclass::text, ', '
                                                             ORDER BY inhseqno) END
                  FROM pg_inherits JOIN pg_class c ON c.oid = inhrelid
                  WHERE inhrelid = rel.oid GROUP BY c.oid, c.relpartbound),
                 'of type ' || nullif(reloftype, 0)::regtype,
                 'using ' || nullif(relam, 2)::regclass,  -- 2: heap, the default
                 'tablespace ' || CASE WHEN reltablespace <> 0 THEN
                     (SELECT spcname FROM pg_tablespace WHERE oid = reltablespace) END,
                 'with ' || reloptions::text,
                 CASE WHEN relrowsecurity THEN 'row level security' END,
                 CASE WHEN relforcerowsecurity THEN 'forced row level security' END,
                 CASE relreplident WHEN 'n' THEN 'replica identity nothing'
                                   WHEN 'f' THEN 'replica identity full'
                                   WHEN 'i' THEN 'replica identity using an index' END,
                 (SELECT format('server %I options %s', srvname, ftoptions)
                  FROM pg_foreign_table JOIN pg_foreign_server s ON s.oid = ftserver
                  WHERE ftrelid = rel.oid),
                 'owner ' || nullif(relowner, (SELECT role FROM owned))::regrole,
                 'grants ' || GRANTS(relacl, 'r', relowner)),
       'class ' || oid, CASE WHEN relkind IN ('r', 'p', 'f') THEN oid END,
       CASE WHEN relispartition THEN  -- the partitioned table it is part of
           (SELECT inhparent::text FROM pg_inherits WHERE inhrelid = rel.oid) END
FROM rel WHERE relkind IN ('r', 'p', 'f', 'c')
UNION ALL
SELECT CASE relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END, name,
       concat_ws(' ', pg_get_viewdef(oid), 'with ' || reloptions::text,
                 'owner ' || nullif(relowner, (SELECT role FROM owned))::regrole,
                 'grants ' || GRANTS(relacl, 'r', relowner)),
       'class ' || oid, NULL, NULL
FROM rel WHERE relkind IN ('v', 'm')
UNION ALL
SELECT 'column', rel.name || '.' || quote_ident(a.attname),
       concat_ws(' ', format_type(a.atttypid, a.atttypmod),
                 CASE WHEN a.attnotnull THEN 'NOT NULL' ELSE 'NULL' END,
                 'DEFAULT ' || pg_get_expr(d.adbin, d.adrelid),
                 CASE a.attidentity WHEN 'a' THEN 'GENERATED ALWAYS AS IDENTITY'
                                    WHEN 'd' THEN 'GENERATED BY DEFAULT AS IDENTITY' END,
                 CASE a.attgenerated WHEN 's' THEN 'GENERATED STORED' END,
                 'COLLATE ' || nullif(a.attcollation, t.typcollation)::regcollation::text,
                 'statistics ' || nullif(a.attstattarget, -1),
                 'storage ' || CASE WHEN a.attstorage <> t.typstorage THEN
                     CASE a.attstorage WHEN 'p' THEN 'plain' WHEN 'e' THEN 'external'
                                       WHEN 'm' THEN 'main' ELSE 'extended' END END,
                 'compression ' || CASE a.attcompression WHEN 'p' THEN 'pglz'
                                                          WHEN 'l' THEN 'lz4' END,
                 -- pg_attver: a stamp this server keeps per column, which pg_dump leaves out
                 'options ' || (SELECT array_agg(o)::text FROM unnest(a.attoptions) AS o
                                WHERE o NOT LIKE 'pg\\_attver=%'),
                 'server options ' || a.attfdwoptions::text,
                 'grants ' || a.attacl::text),
       format('column %s.%s', a.attrelid, a.attnum),
       a.attrelid, format('%s %s %s', a.atttypid, a.atttypmod, a.attnotnull::text)
FROM rel
JOIN pg_attribute a ON a.attrelid = rel.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE rel.relkind IN ('r', 'p', 'f', 'v', 'm', 'c')
UNION ALL
SELECT 'index', rel.name,
       concat_ws(' ', pg_get_indexdef(rel.oid), CASE WHEN i.indisclustered THEN 'clustered' END,
                 CASE WHEN i.indisreplident THEN 'is the replica identity' END),
       'class ' || rel.oid, i.indrelid,
       -- read as a constraint's, and then the partitioned index it is a partition of
       concat_ws(' ', '{' || replace(i.indkey::text, ' ', ',') || '}', 0,
                 (SELECT inhparent FROM pg_inherits WHERE inhrelid = rel.oid))
FROM rel JOIN pg_index i ON i.indexrelid = rel.oid WHERE relkind IN ('i', 'I')
UNION ALL
SELECT 'constraint', coalesce(rel.name, format_type(con.contypid, NULL))
                     || '.' || quote_ident(con.conname),
       pg_get_constraintdef(con.oid),
       'constraint ' || con.oid, rel.oid, format('%s %s', con.conkey, con.confrelid)
FROM pg_constraint con
JOIN ns ON ns.oid = con.connamespace
LEFT JOIN rel ON rel.oid = con.conrelid
WHERE con.oid >= 16384 AND (rel.oid IS NOT NULL OR (con.conrelid = 0 AND con.contypid <> 0))
UNION ALL
SELECT 'sequence', rel.name,
       format('%s start %s increment %s min %s max %s cache %s%s%s%s%s',
              format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin,
              s.seqmax, s.seqcache, CASE WHEN s.seqcycle THEN ' cycle' ELSE '' END,
              (SELECT ' owned by ' || d.refobjid::regclass || '.' || quote_ident(a.attname)
               FROM pg_depend d
               JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
               WHERE d.classid = 'pg_class'::regclass AND d.objid = rel.oid
                 AND d.deptype IN ('a', 'i')),
              ' owner ' || nullif(relowner, (SELECT role FROM owned))::regrole,
              ' grants ' || GRANTS(relacl, 's', relowner)),
       'class ' || rel.oid, NULL, NULL
FROM rel JOIN pg_sequence s ON s.seqrelid = rel.oid
UNION ALL
SELECT CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range'
                      ELSE 'type' END,
       format_type(t.oid, NULL),
       concat_ws(' ', CASE t.typtype
           WHEN 'e' THEN (SELECT string_agg(quote_literal(e.enumlabel), ', '
                                            ORDER BY e.enumsortorder)
                          FROM pg_enum e WHERE e.enumtypid = t.oid)
           WHEN 'd' THEN concat_ws(' ', format_type(t.typbasetype, t.typtypmod),
                                   CASE WHEN t.typnotnull THEN 'NOT NULL' END,
                                   'DEFAULT ' || t.typdefault)
           WHEN 'r' THEN (SELECT format_type(r.rngsubtype, NULL) FROM pg_range r
                          WHERE r.rngtypid = t.oid)
           ELSE format('input %s output %s length %s', t.typinput, t.typoutput, t.typlen)
       END,
       'owner ' || nullif(t.typowner, (SELECT role FROM owned))::regrole,
       'grants ' || GRANTS(t.typacl, 'T', t.typowner)),
       'type ' || t.oid, NULL, NULL
FROM pg_type t JOIN ns ON ns.oid = t.typnamespace
WHERE t.oid >= 16384 AND t.oid NOT IN (SELECT objid FROM from_extension)
  AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'b' AND t.typcategory <> 'A'))
UNION ALL
-- Enum labels only carry identities (the enum's row lists them, in order): a renamed
-- label keeps its OID.
SELECT 'enum label', format_type(e.enumtypid, NULL) || '.' || quote_literal(e.enumlabel),
       NULL, 'enum label ' || e.oid, NULL, e.enumtypid::text
FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN ns ON ns.oid = t.typnamespace
WHERE e.oid >= 16384 AND t.oid NOT IN (SELECT objid FROM from_extension)
UNION ALL
SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate'
                      ELSE 'function' END,
       format('%I.%I(%s)', ns.nspname, p.proname, pg_get_function_identity_arguments(p.oid)),
       concat_ws(' ',
                 CASE WHEN p.prokind = 'a' THEN
                     (SELECT concat_ws(' ', 'state ' || format_type(g.aggtranstype, NULL),
                                       'with ' || g.aggtransfn::regprocedure,
                                       'final ' || nullif(g.aggfinalfn, 0)::regprocedure,
                                       'combine ' || nullif(g.aggcombinefn, 0)::regprocedure,
                                       'initially ' || g.agginitval, 'kind ' || g.aggkind::text)
                      FROM pg_aggregate g WHERE g.aggfnoid = p.oid)
                 ELSE pg_get_functiondef(p.oid) END,
                 'owner ' || nullif(p.proowner, (SELECT role FROM owned))::regrole,
                 'grants ' || GRANTS(p.proacl, 'f', p.proowner)),
       'function ' || p.oid, NULL,
       CASE WHEN p.prokind <> 'p' THEN json_build_array(
           p.pronargdefaults, p.provariadic <> 0,
           ARRAY(SELECT format_type(a.type, NULL)
                 FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY AS a(type, n) ORDER BY n)
       )::text END
FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace
WHERE p.oid >= 16384 AND p.oid NOT IN (SELECT objid FROM from_extension)
UNION ALL
SELECT 'trigger', rel.name || '.' || quote_ident(tg.tgname),
       concat_ws(' ', pg_get_triggerdef(tg.oid),
                 CASE tg.tgenabled WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'enabled on replicas'
                                   WHEN 'A' THEN 'enabled always' END),
       'trigger ' || tg.oid, tg.tgrelid, NULL
FROM pg_trigger tg JOIN rel ON rel.oid = tg.tgrelid
WHERE NOT tg.tgisinternal
UNION ALL
-- A foreign key's triggers only carry identities (pg_dump restores them with their
-- constraint, always enabled): `DISABLE TRIGGER ALL` left behind turns the key off. Their
-- table is in the facts, not the identity's: a new table's foreign key adds triggers to
-- the table it references, which does not change that table.
SELECT 'foreign-key trigger', rel.name || '.' || quote_ident(tg.tgname), NULL,
       'trigger ' || tg.oid, NULL, format('%s %s %s', tg.tgenabled, tg.tgrelid, con.conname)
FROM pg_trigger tg JOIN rel ON rel.oid = tg.tgrelid
JOIN pg_constraint con ON con.oid = tg.tgconstraint
WHERE tg.tgisinternal AND con.contype = 'f'
UNION ALL
SELECT 'policy', rel.name || '.' || quote_ident(pol.polname),
       concat_ws(' ', CASE WHEN pol.polpermissive THEN 'permissive' ELSE 'restrictive' END,
                 'for ' || CASE pol.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT'
                                           WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE'
                                           ELSE 'ALL' END,
                 'to ' || (SELECT string_agg(CASE role WHEN 0 THEN 'PUBLIC'
                                                 ELSE role::regrole::text END, ', ')
                           FROM unnest(pol.polroles) AS role),
                 'using ' || pg_get_expr(pol.polqual, pol.polrelid),
                 'with check ' || pg_get_expr(pol.polwithcheck, pol.polrelid)),
       'policy ' || pol.oid, pol.polrelid,
       json_build_array(pol.polcmd, (SELECT array_agg(CASE role WHEN 0 THEN 'PUBLIC'
                                                      ELSE role::regrole::text END)
                                     FROM unnest(pol.polroles) AS role),
                        pg_get_expr(pol.polqual, pol.polrelid),
                        pg_get_expr(pol.polwithcheck, pol.polrelid))::text
FROM pg_policy pol JOIN rel ON rel.oid = pol.polrelid
UNION ALL
SELECT 'rule', rel.name || '.' || quote_ident(r.rulename),
       concat_ws(' ', pg_get_ruledef(r.oid),
                 CASE r.ev_enabled WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'enabled on replicas'
                                   WHEN 'A' THEN 'enabled always' END),
       'rule ' || r.oid, r.ev_class, NULL
FROM pg_rewrite r JOIN rel ON rel.oid = r.ev_class
WHERE r.oid >= 16384 AND r.rulename <> '_RETURN'
UNION ALL
SELECT 'statistics', format('%I.%I', ns.nspname, s.stxname),
       concat_ws(' ', pg_get_statisticsobjdef(s.oid),
                 'target ' || nullif(s.stxstattarget, -1),
                 'owner ' || nullif(s.stxowner, (SELECT role FROM owned))::regrole),
       'statistics ' || s.oid, s.stxrelid, NULL
FROM pg_statistic_ext s JOIN ns ON ns.oid = s.stxnamespace
UNION ALL
SELECT 'comment', pg_describe_object(d.classoid, d.objoid, d.objsubid), d.description,
       NULL, CASE WHEN d.classoid = 'pg_class'::regclass THEN d.objoid END, NULL
FROM pg_description d
WHERE d.objoid >= 16384 AND d.objoid NOT IN (SELECT objid FROM from_extension)
  AND (d.classoid <> 'pg_class'::regclass OR d.objoid IN (SELECT oid FROM rel))
  AND (d.classoid <> 'pg_proc'::regclass
       OR d.objoid IN (SELECT p.oid FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace))
UNION ALL  -- the schemas initdb made (public) take comments too
SELECT 'comment', pg_describe_object(d.classoid, d.objoid, 0), d.description, NULL, NULL, NULL
FROM ns JOIN pg_description d
     ON d.objoid = ns.oid AND d.classoid = 'pg_namespace'::regclass AND d.objsubid = 0
WHERE ns.oid < 16384
UNION ALL
SELECT 'default privileges',
       concat_ws(' ', 'of ' || a.defaclrole::regrole,
                 'in schema ' || nullif(a.defaclnamespace, 0)::regnamespace,
                 'on ' || CASE a.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences'
                                              WHEN 'f' THEN 'functions' WHEN 'T' THEN 'types'
                                              ELSE 'schemas' END),
       a.defaclacl::text, NULL, NULL, NULL
FROM pg_default_acl a
UNION ALL
SELECT 'foreign-data wrapper', quote_ident(w.fdwname),
       concat_ws(' ', 'handler ' || nullif(w.fdwhandler, 0)::regproc,
                 'validator ' || nullif(w.fdwvalidator, 0)::regproc,
                 'options ' || w.fdwoptions::text,
                 'owner ' || nullif(w.fdwowner, (SELECT role FROM owned))::regrole,
                 'grants ' || GRANTS(w.fdwacl, 'F', w.fdwowner)),
       NULL, NULL, NULL
FROM pg_foreign_data_wrapper w
WHERE w.oid >= 16384 AND w.oid NOT IN (SELECT objid FROM from_extension)
UNION ALL
SELECT 'server', quote_ident(s.srvname),
       concat_ws(' ', 'wrapper ' || quote_ident(w.fdwname), 'type ' || s.srvtype,
                 'version ' || s.srvversion, 'options ' || s.srvoptions::text,
                 'owner ' || nullif(s.srvowner, (SELECT role FROM owned))::regrole,
                 'grants ' || GRANTS(s.srvacl, 'S', s.srvowner)),
       NULL, NULL, NULL
FROM pg_foreign_server s JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw
UNION ALL
SELECT 'user mapping', format('for %s on server %I', coalesce(m.usename, 'PUBLIC'), m.srvname),
       coalesce(m.umoptions::text, ''), NULL, NULL, NULL
FROM pg_user_mappings m
UNION ALL
SELECT 'publication', quote_ident(p.pubname),
       concat_ws(' ', CASE WHEN p.puballtables THEN 'for all tables' END,
                 (SELECT 'for tables ' || string_agg(concat_ws(' ', r.prrelid::regclass::text,
                                                               'columns ' || r.prattrs::text,
                                                               'where ' || pg_get_expr(
                                                                   r.prqual, r.prrelid)),
                                                     ', ' ORDER BY r.prrelid::regclass::text)
                  FROM pg_publication_rel r WHERE r.prpubid = p.oid),
                 (SELECT 'for schemas ' || string_agg(n.pnnspid::regnamespace::text, ', '
                                                      ORDER BY n.pnnspid::regnamespace::text)
                  FROM pg_publication_namespace n WHERE n.pnpubid = p.oid),
                 format('insert %s update %s delete %s truncate %s via root %s', p.pubinsert,
                        p.pubupdate, p.pubdelete, p.pubtruncate, p.pubviaroot),
                 'owner ' || nullif(p.pubowner, (SELECT role FROM owned))::regrole),
       NULL, NULL, NULL
FROM pg_publication p
UNION ALL
SELECT 'event trigger', quote_ident(e.evtname),
       concat_ws(' ', 'on ' || e.evtevent, 'tags ' || e.evttags::text,
                 'execute ' || e.evtfoid::regproc, 'enabled ' || e.evtenabled::text,
                 'owner ' || nullif(e.evtowner, (SELECT role FROM owned))::regrole),
       NULL, NULL, NULL
FROM pg_event_trigger e
UNION ALL
SELECT 'collation', format('%I.%I', ns.nspname, c.collname),
       concat_ws(' ', c.collprovider, c.collcollate, c.collctype, c.colliculocale,
                 CASE WHEN NOT c.collisdeterministic THEN 'nondeterministic' END,
                 'owner ' || nullif(c.collowner, (SELECT role FROM owned))::regrole),
       NULL, NULL, NULL
FROM pg_collation c JOIN ns ON ns.oid = c.collnamespace
WHERE c.oid >= 16384 AND c.oid NOT IN (SELECT objid FROM from_extension)
UNION ALL
SELECT 'cast', format('(%s AS %s)', format_type(c.castsource, NULL),
                      format_type(c.casttarget, NULL)),
       concat_ws(' ', 'with ' || nullif(c.castfunc, 0)::regprocedure,
                 'context ' || c.castcontext::text, 'method ' || c.castmethod::text),
       NULL, NULL, NULL
FROM pg_cast c WHERE c.oid >= 16384 AND c.oid NOT IN (SELECT objid FROM from_extension)
UNION ALL
SELECT 'operator', o.oid::regoperator::text,
       concat_ws(' ', 'function ' || o.oprcode::regproc,
                 'commutator ' || nullif(o.oprcom, 0)::regoperator,
                 'negator ' || nullif(o.oprnegate, 0)::regoperator,
                 'restrict ' || nullif(o.oprrest, 0)::regproc,
                 'join ' || nullif(o.oprjoin, 0)::regproc,
                 CASE WHEN o.oprcanhash THEN 'hashes' END,
                 CASE WHEN o.oprcanmerge THEN 'merges' END,
                 'owner ' || nullif(o.oprowner, (SELECT role FROM owned))::regrole),
       NULL, NULL, NULL
FROM pg_operator o JOIN ns ON ns.oid = o.oprnamespace
WHERE o.oid >= 16384 AND o.oid NOT IN (SELECT objid FROM from_extension)
UNION ALL
SELECT 'operator class', format('%I.%I using %s', ns.nspname, c.opcname, c.opcmethod::regclass),
       concat_ws(' ', 'for ' || format_type(c.opcintype, NULL),
                 CASE WHEN c.opcdefault THEN 'default' END,
                 'family ' || c.opcfamily, (SELECT string_agg(format('%s %s', p.amprocnum,
                     p.amproc::regprocedure), ', ' ORDER BY p.amprocnum)
                  FROM pg_amproc p WHERE p.amprocfamily = c.opcfamily),
                 (SELECT string_agg(format('%s %s', o.amopstrategy, o.amopopr::regoperator), ', '
                                    ORDER BY o.amopstrategy)
                  FROM pg_amop o WHERE o.amopfamily = c.opcfamily)),
       NULL, NULL, NULL
FROM pg_opclass c JOIN ns ON ns.oid = c.opcnamespace
WHERE c.oid >= 16384 AND c.oid NOT IN (SELECT objid FROM from_extension)
UNION ALL
SELECT 'text search configuration', c.oid::regconfig::text,
       concat_ws(' ', 'parser ' || c.cfgparser,
                 (SELECT string_agg(format('%s %s', m.maptokentype, m.mapdict::regdictionary),
                                    ', ' ORDER BY m.maptokentype, m.mapseqno)
                  FROM pg_ts_config_map m WHERE m.mapcfg = c.oid)),
       NULL, NULL, NULL
FROM pg_ts_config c JOIN ns ON ns.oid = c.cfgnamespace
WHERE c.oid >= 16384 AND c.oid NOT IN (SELECT objid FROM from_extension)
UNION ALL
SELECT 'text search dictionary', d.oid::regdictionary::text,
       concat_ws(' ', 'template ' || d.dicttemplate, 'options ' || d.dictinitoption),
       NULL, NULL, NULL
FROM pg_ts_dict d JOIN ns ON ns.oid = d.dictnamespace
WHERE d.oid >= 16384 AND d.oid NOT IN (SELECT objid FROM from_extension)
UNION ALL
SELECT 'language', quote_ident(l.lanname),
       concat_ws(' ', 'handler ' || l.lanplcallfoid::regproc,
                 'owner ' || nullif(l.lanowner, (SELECT role FROM owned))::regrole,
                 'grants ' || GRANTS(l.lanacl, 'l', l.lanowner)),
       NULL, NULL, NULL
FROM pg_language l WHERE l.oid >= 16384 AND l.oid NOT IN (SELECT objid FROM from_extension)
"""


NOT_VALID = " NOT VALID"  # how pg_get_constraintdef() ends for a constraint not validated


def left_validated(
    expected: Mapping[tuple[str, str], str], restored: Mapping[tuple[str, str], str]
) -> dict[tuple[str, str], str]:
    """`expected`, but for each constraint a downgrade left validated where it was NOT
    VALID: as `restored` has it. PostgreSQL cannot un-validate a constraint, and a
    validated one only proves what it says (an upgrade that validates it again does
    nothing): no trace a second upgrade would meet."""
    return {
        key: (
            restored[key]
            if key[0] == "constraint"
            and definition.endswith(NOT_VALID)
            and restored.get(key) == definition.removesuffix(NOT_VALID)
            else definition
        )
        for key, definition in expected.items()
    }


def _grants(found: re.Match[str]) -> str:
    acl, kind, owner = found.groups()
    default = f"acldefault('{kind}', {owner})"
    return f"CASE WHEN {acl} @> {default} AND {acl} <@ {default} THEN NULL ELSE {acl}::text END"


# GRANTS(acl, kind, owner): an object's privileges, None when they are the defaults. A
# grant undone by its revoke leaves them an explicit list equal to the defaults, which
# pg_dump does not tell from none: no trace.
_SNAPSHOT = re.sub(r"GRANTS\(([\w.]+), '(\w)', ([\w.]+)\)", _grants, _SNAPSHOT)


# Each table's rows, as their count and a digest. Not schema (the snapshot leaves them out,
# as pg_dump --schema-only does): the walk's downgrade check reads them apart, so that a
# row an upgrade left behind after its downgrade (a seed whose unique name a second
# upgrade would meet) is a trace.
_ROWS = """
SELECT format('%I.%I', n.nspname, c.relname),
       (xpath('/row/rows/text()', query_to_xml(format(
           'SELECT count(*) || '' '' || md5(coalesce(string_agg(t::text, '','' '
           'ORDER BY t::text), '''')) AS rows FROM ONLY %I.%I AS t', n.nspname, c.relname),
           false, true, '')))[1]::text
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND c.relpersistence <> 't' AND c.oid >= 16384
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
  AND c.relname NOT IN (:version_table, :lineage_table)
"""


def take_rows(connection: Connection, *, version_table: str = VERSION_TABLE) -> dict[str, str]:
    """Each table's rows (its name -> their count and digest)."""
    query = _ROWS.replace(":version_table", quote_literal(version_table))
    query = query.replace(":lineage_table", quote_literal(LINEAGE_TABLE))
    return {name: rows for name, rows in connection.execute(text(query))}


def rows_left(before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    """The tables in both whose rows differ."""
    return sorted(name for name in before.keys() & after.keys() if before[name] != after[name])


def take_snapshot(connection: Connection, *, version_table: str = VERSION_TABLE) -> Snapshot:
    """The schema of the database `connection` is on."""
    objects: dict[tuple[str, str], str] = {}
    identities: dict[tuple[str, str], Identity] = {}
    prepared = connection.info.get(_PREPARED) == version_table
    query = text(f"EXECUTE {_PREPARED}") if prepared else snapshot_query(version_table)
    for kind, name, definition, key, table, facts in connection.execute(query):
        if definition is not None:
            objects[kind, name] = definition
        if key is not None or table is not None:
            identities[kind, name] = Identity(key, table, facts)
    return Snapshot(objects, identities)


def prepare_snapshots(connection: Connection, *, version_table: str = VERSION_TABLE) -> None:
    """Plan the snapshot query once for the session of `connection`, which then takes its
    snapshots with it. Planning it costs more than running it, and the walk runs with the
    driver's statement cache off (see proofs/harness.py). Once per session: a second walk
    on the same connection finds it planned."""
    if (planned := connection.info.get(_PREPARED)) == version_table:
        return
    if planned is not None:
        connection.execute(text(f"DEALLOCATE {_PREPARED}"))
    query = snapshot_query(version_table).text
    connection.execute(text(f"PREPARE {_PREPARED} AS {query}"))
    connection.info[_PREPARED] = version_table


_PREPARED = "release_checks_snapshot"


@cache
def snapshot_query(version_table: str = VERSION_TABLE) -> TextClause:
    """The one query a snapshot is (also what bench/walk_sql.py replays with psql)."""
    # The name goes in as a literal, not a parameter: a statement without parameters is
    # prepared once with one plan, which PostgreSQL keeps through the walk's DDL instead
    # of planning the whole query again for every snapshot.
    query = _SNAPSHOT.replace(":version_table", quote_literal(version_table))
    return text(query.replace(":lineage_table", quote_literal(LINEAGE_TABLE)))
