// Bulk-loads realistic, valid incidents straight into a migrated Vigil database (the "fast path":
// creating 100,000 incidents through the API would take far longer than the benchmark itself).
// Rows use the installed types' real ids, prefixes, workflow states and priority matrices, unique
// numbers continuing number_sequences, teams and users that exist, and dates spread over two years.
// Each incident also gets its `incident.created` timeline event. Audit records are not written
// (they form a hash chain that only the server appends to).
//
// `db` is { query(text, params) -> rows, transaction(fn(db)) }, so the same code runs on a `pg`
// client (PostgreSQL) and on the project's own Kysely/PGlite database (bench/lib/pglite-load.mjs).
import { randomUUID } from 'node:crypto';

/** Deterministic PRNG (mulberry32), so both databases get the same spread. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (arr) => arr[Math.floor(next() * arr.length)];
  const weighted = (pairs) => {
    const total = pairs.reduce((s, [, w]) => s + w, 0);
    let r = next() * total;
    for (const [v, w] of pairs) {
      r -= w;
      if (r < 0) return v;
    }
    return pairs.at(-1)[0];
  };
  return { next, pick, weighted, int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)) };
}

const teamNames = [
  ['service-desk', 'Service Desk'], ['network', 'Network Operations'], ['platform', 'Platform Engineering'], ['database', 'Database Team'],
  ['security-ops', 'Security Operations'], ['privacy', 'Data Protection Office'], ['quality', 'Quality Assurance'], ['production', 'Production Line 2'],
  ['facilities', 'Facility Management'], ['workplace', 'Workplace IT'], ['erp', 'ERP Applications'], ['identity', 'Identity & Access'],
];
const firstNames = ['Anna', 'Ben', 'Clara', 'David', 'Eva', 'Felix', 'Greta', 'Hannah', 'Ivan', 'Jonas', 'Katrin', 'Lukas', 'Mia', 'Noah', 'Olga', 'Paul', 'Rosa', 'Sven', 'Tina', 'Uwe'];
const lastNames = ['Adler', 'Berger', 'Conrad', 'Dietz', 'Engel', 'Fischer', 'Graf', 'Hahn', 'Ilg', 'Jung', 'Keller', 'Lang', 'Maier', 'Neumann'];
const areas = ['finance', 'sales', 'logistics', 'production', 'hr', 'customer-service', 'research', 'legal', 'it'];
const services = ['email', 'vpn', 'erp', 'crm', 'web-shop', 'payroll', 'file-share', 'wifi', 'telephony', 'sso', 'warehouse-scanner', 'mes'];
const locations = ['berlin-hq', 'hamburg-plant', 'munich-office', 'leipzig-dc', 'remote'];
const assets = ['srv-db-01', 'srv-app-03', 'fw-edge-02', 'sw-core-01', 'line2-press', 'elevator-b', 'hvac-3', 'laptop-fleet', 'printer-4f'];

const titles = {
  'it-outage': ['{svc} unavailable for {area}', 'Slow response times on {svc}', '{svc} login failures since {time}', 'Database timeout in {svc} batch job', 'Disk full on {asset}', 'Network packet loss at {loc}', 'Certificate expired on {svc} endpoint'],
  security: ['Phishing mail reported by {area}', 'Suspicious login to {svc} from unknown country', 'Malware alert on {asset}', 'Brute-force attempts against {svc}', 'Lost laptop with {svc} access', 'Unexpected admin account on {asset}'],
  'data-breach': ['Customer list sent to wrong recipient', 'Payroll export left on public share', 'Misdirected letter with health data', 'Unencrypted USB stick lost at {loc}', 'CRM export visible to all staff'],
  'quality-deviation': ['Out-of-tolerance parts on {asset}', 'Batch labelled with wrong expiry date', 'Supplier delivery failed incoming inspection', 'Calibration overdue for {asset}', 'Customer complaint: scratched housing'],
  'facility-fault': ['{asset} out of order at {loc}', 'Water leak in server room at {loc}', 'Heating failure on floor 3 at {loc}', 'Broken door lock at {loc}', 'Emergency lighting test failed at {loc}'],
};
const words = 'the service was degraded after the nightly deployment users reported errors when saving orders monitoring showed increased latency on the primary database connections were exhausted and requests queued the on-call engineer restarted the pool and traffic recovered root cause analysis points to a missing index and a configuration drift between environments further checks are planned with the vendor'.split(' ');

/** Reads what the rows must reference: types with their workflows, teams, users. Creates bench teams and users if there are too few. */
export async function prepareReferences(db, r) {
  const types = await db.query(`select id, key, prefix, restricted, default_team_id, workflow, priority_matrix, fields, categories, required_fields from incident_types where active order by key`, []);
  if (types.length === 0) throw new Error('no incident types installed: start the server once (type packs are installed at start) before loading');
  for (const t of types) for (const k of ['workflow', 'priority_matrix', 'fields', 'categories', 'required_fields']) if (typeof t[k] === 'string') t[k] = JSON.parse(t[k]);
  let teams = await db.query(`select id, slug from teams order by slug`, []);
  if (teams.length < 8) {
    for (const [slug, name] of teamNames) {
      await db.query(`insert into teams (slug, name, description) values ($1, $2, $3) on conflict (slug) do nothing`, [`bench-${slug}`, name, 'created by the benchmark']);
    }
    teams = await db.query(`select id, slug from teams order by slug`, []);
  }
  let users = await db.query(`select id from users where active and role in ('admin','manager','agent') order by email`, []);
  if (users.length < 40) {
    for (let i = 0; i < 80; i++) {
      const name = `${firstNames[i % firstNames.length]} ${lastNames[Math.floor(i / firstNames.length) % lastNames.length]}`;
      const role = i < 4 ? 'manager' : 'agent';
      await db.query(`insert into users (email, name, role) values ($1, $2, $3) on conflict do nothing`, [`bench.agent${i}@bench.vigil.local`, name, role]);
    }
    users = await db.query(`select id from users where active and role in ('admin','manager','agent') order by email`, []);
  }
  const reporters = await db.query(`select id from users where active order by email`, []);
  // Memberships: every agent in one or two teams.
  const members = await db.query(`select team_id, user_id from team_members`, []);
  if (members.length < users.length) {
    for (const u of users) {
      const t1 = r.pick(teams);
      await db.query(`insert into team_members (team_id, user_id, role) values ($1, $2, 'member') on conflict do nothing`, [t1.id, u.id]);
      if (r.next() < 0.3) await db.query(`insert into team_members (team_id, user_id, role) values ($1, $2, 'member') on conflict do nothing`, [r.pick(teams).id, u.id]);
    }
  }
  const membership = await db.query(`select team_id, user_id from team_members`, []);
  const teamMembers = new Map(teams.map((t) => [t.id, []]));
  for (const m of membership) teamMembers.get(m.team_id)?.push(m.user_id);
  const seqRows = await db.query(`select prefix, year, last_value from number_sequences`, []);
  const sequences = new Map(seqRows.map((s) => [`${s.prefix}-${s.year}`, Number(s.last_value)]));
  return { types, teams, users, reporters, teamMembers, sequences };
}

const typeWeights = { 'it-outage': 45, security: 18, 'quality-deviation': 15, 'facility-fault': 16, 'data-breach': 6 };

function fill(template, r) {
  return template
    .replace('{svc}', r.pick(services))
    .replace('{area}', r.pick(areas))
    .replace('{asset}', r.pick(assets))
    .replace('{loc}', r.pick(locations))
    .replace('{time}', `${String(r.int(0, 23)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}`);
}

export function customValues(fields, r, at) {
  const out = {};
  for (const f of fields ?? []) {
    if (!f.required && r.next() < 0.5) continue;
    switch (f.kind) {
      case 'string':
        out[f.key] = fill(r.pick(['{svc} on {asset}', 'ref {time}', '{area} / {loc}']), r).slice(0, f.maxLength ?? 500);
        break;
      case 'text':
        out[f.key] = Array.from({ length: r.int(5, 25) }, () => r.pick(words)).join(' ').slice(0, f.maxLength ?? 10_000);
        break;
      case 'number': {
        const lo = f.min ?? 0;
        const hi = f.max ?? lo + 1000;
        const v = lo + r.next() * (hi - lo);
        out[f.key] = f.integer ? Math.round(v) : Math.round(v * 100) / 100;
        break;
      }
      case 'boolean':
        out[f.key] = r.next() < 0.3;
        break;
      case 'date':
        out[f.key] = new Date(at - r.int(0, 3) * 86_400_000).toISOString().slice(0, 10);
        break;
      case 'datetime':
        out[f.key] = new Date(at - r.int(0, 72 * 60) * 60_000).toISOString();
        break;
      case 'enum':
        out[f.key] = r.pick(f.options).value;
        break;
      case 'multi_enum':
        out[f.key] = [...new Set([r.pick(f.options).value, r.pick(f.options).value])];
        break;
      default:
        // user / reference fields: left out (optional ones only; a required one would need a real target)
        break;
    }
  }
  return out;
}

/** Category paths as the API takes them: keys from the root joined by "/" (type.classification.ts). */
function categoryPaths(categories) {
  const paths = [];
  const walk = (nodes, prefix) => {
    for (const c of nodes ?? []) {
      const p = prefix ? `${prefix}/${c.key}` : c.key;
      if (c.children?.length) walk(c.children, p);
      else paths.push(p);
    }
  };
  walk(categories, '');
  return paths;
}

/** Which state category an incident of this age is in: old ones are mostly closed. */
function stateCategoryFor(ageDays, r) {
  if (ageDays > 60) return r.weighted([['closed', 90], ['resolved', 5], ['active', 2], ['waiting', 2], ['new', 1]]);
  if (ageDays > 7) return r.weighted([['closed', 55], ['resolved', 20], ['active', 12], ['waiting', 8], ['new', 5]]);
  return r.weighted([['closed', 15], ['resolved', 15], ['active', 35], ['waiting', 15], ['new', 20]]);
}

const columns = [
  'id', 'number', 'type_id', 'title', 'description', 'category', 'severity', 'impact', 'urgency', 'priority',
  'business_areas', 'services', 'assets', 'locations', 'reporter_id', 'assignee_id', 'team_id', 'state', 'state_category',
  'restricted', 'confidentiality', 'source', 'custom', 'resolution', 'due_at', 'occurred_at', 'detected_at', 'became_aware_at', 'reported_at',
  'acknowledged_at', 'resolved_at', 'closed_at', 'created_by', 'created_at', 'updated_at',
];

/**
 * Inserts `count` incidents (and their created events) in batches of `batchSize` rows, one
 * transaction per batch; returns counts and timings. `numberFormat(prefix, year, n)` must match the server's.
 */
export async function loadIncidents(db, { count, seed = 42, batchSize = 1000, now = Date.now(), spanDays = 730, numberFormat = defaultNumberFormat, dropIndexes = true, onProgress = () => {} }) {
  const started = performance.now();
  const r = rng(seed);
  const refs = await prepareReferences(db, r);
  const typePairs = refs.types.map((t) => [t, typeWeights[t.key] ?? 5]);
  const statesByCat = new Map(refs.types.map((t) => [t.id, groupStates(t.workflow)]));
  const needsAwareness = new Set(refs.types.filter((t) => (t.required_fields ?? []).includes('became_aware_at')).map((t) => t.id));
  const cats = new Map(refs.types.map((t) => [t.id, categoryPaths(t.categories)]));

  // Creation times first, oldest first, so numbers rise with time like they do in a real instance.
  const times = Array.from({ length: count }, () => now - Math.pow(r.next(), 1.3) * spanDays * 86_400_000);
  times.sort((a, b) => a - b);
  const seqs = new Map(refs.sequences);
  let inserted = 0;
  // Secondary (non-unique) indexes are dropped for the load and rebuilt from their own definitions
  // afterwards, which is several times faster than maintaining ten indexes row by row. Unique
  // indexes and keys stay, so the constraints are checked during the load.
  const dropped = dropIndexes ? await db.query(`select indexname, indexdef from pg_indexes where schemaname = current_schema() and tablename in ('incidents', 'timeline_events') and indexdef not like 'CREATE UNIQUE%'`, []) : [];
  for (const ix of dropped) await db.query(`drop index ${ix.indexname}`, []);
  const rebuild = async () => {
    const t = performance.now();
    for (const ix of dropped) await db.query(ix.indexdef, []);
    return Math.round(performance.now() - t);
  };
  try {
  for (let offset = 0; offset < count; offset += batchSize) {
    const rows = [];
    const events = [];
    for (let i = offset; i < Math.min(count, offset + batchSize); i++) {
      const createdAt = Math.floor(times[i]);
      const type = r.weighted(typePairs);
      const year = new Date(createdAt).getUTCFullYear();
      const seqKey = `${type.prefix}-${year}`;
      const n = (seqs.get(seqKey) ?? 0) + 1;
      seqs.set(seqKey, n);
      const impact = r.weighted([['high', 12], ['medium', 38], ['low', 50]]);
      const urgency = r.weighted([['high', 15], ['medium', 40], ['low', 45]]);
      const priority = type.priority_matrix[impact][urgency];
      const severity = impact === 'high' ? r.weighted([['critical', 40], ['high', 60]]) : impact === 'medium' ? r.weighted([['high', 30], ['medium', 70]]) : r.weighted([['medium', 30], ['low', 70]]);
      const ageDays = (now - createdAt) / 86_400_000;
      const wanted = stateCategoryFor(ageDays, r);
      const groups = statesByCat.get(type.id);
      const category = groups.has(wanted) ? wanted : groups.has('closed') ? 'closed' : [...groups.keys()][0];
      const state = r.pick(groups.get(category));
      const teamId = type.default_team_id && r.next() < 0.6 ? type.default_team_id : r.pick(refs.teams).id;
      const members = refs.teamMembers.get(teamId) ?? [];
      const assigneeId = category !== 'new' && members.length && r.next() < 0.85 ? r.pick(members) : null;
      const reporterId = r.pick(refs.reporters).id;
      const ack = category === 'new' ? null : createdAt + r.int(2, 240) * 60_000;
      const resolvedAt = category === 'resolved' || category === 'closed' ? createdAt + r.int(30, 60 * 24 * 10) * 60_000 : null;
      const closedAt = category === 'closed' ? resolvedAt + r.int(60, 60 * 24 * 5) * 60_000 : null;
      const cap = (t) => (t === null ? null : Math.min(t, now));
      const updatedAt = Math.max(createdAt, cap(ack) ?? 0, cap(resolvedAt) ?? 0, cap(closedAt) ?? 0);
      const id = randomUUID();
      const catKeys = cats.get(type.id);
      rows.push([
        id,
        numberFormat(type.prefix, year, n),
        type.id,
        fill(r.pick(titles[type.key] ?? titles['it-outage']), r),
        Array.from({ length: r.int(15, 70) }, () => r.pick(words)).join(' '),
        catKeys.length && r.next() < 0.8 ? r.pick(catKeys) : null,
        severity,
        impact,
        urgency,
        priority,
        r.next() < 0.7 ? [r.pick(areas)] : [],
        r.next() < 0.6 ? [r.pick(services)] : [],
        r.next() < 0.3 ? [r.pick(assets)] : [],
        r.next() < 0.5 ? [r.pick(locations)] : [],
        reporterId,
        assigneeId,
        teamId,
        state,
        category,
        type.restricted,
        type.restricted ? 'confidential' : r.weighted([['internal', 85], ['confidential', 15]]),
        r.weighted([['form', 40], ['api', 15], ['email', 15], ['alert', 25], ['portal', 5]]),
        JSON.stringify(customValues(type.fields, r, createdAt)),
        category === 'resolved' || category === 'closed' ? 'Fixed: ' + Array.from({ length: r.int(4, 12) }, () => r.pick(words)).join(' ') : null,
        category === 'closed' || r.next() < 0.5 ? null : new Date(createdAt + r.int(4, 24 * 14) * 3_600_000),
        new Date(createdAt - r.int(1, 600) * 60_000),
        new Date(createdAt - r.int(0, 60) * 60_000),
        needsAwareness.has(type.id) || r.next() < 0.1 ? new Date(createdAt - r.int(0, 30) * 60_000) : null,
        new Date(createdAt),
        ack === null ? null : new Date(cap(ack)),
        resolvedAt === null ? null : new Date(cap(resolvedAt)),
        closedAt === null ? null : new Date(cap(closedAt)),
        reporterId,
        new Date(createdAt),
        new Date(updatedAt),
      ]);
      // The payload createIncident writes (incident.commands.ts), in its state at creation.
      const initial = type.workflow.states.find((s) => s.key === type.workflow.initial) ?? type.workflow.states[0];
      events.push([id, 'incident.created', reporterId, 'public', JSON.stringify({ number: numberFormat(type.prefix, year, n), title: rows.at(-1)[3], type: type.key, state: initial.key, stateCategory: initial.category, priority, severity, source: rows.at(-1)[21], assigneeId: null, teamId, watchers: [] }), new Date(createdAt)]);
    }
    await db.transaction(async (tx) => {
      await insertRows(tx, 'incidents', columns, rows);
      await insertRows(tx, 'timeline_events', ['incident_id', 'type', 'actor_id', 'visibility', 'data', 'created_at'], events);
    });
    inserted += rows.length;
    onProgress(inserted);
  }
  } catch (err) {
    await rebuild();
    throw err;
  }
  const indexMs = await rebuild();
  for (const [key, last] of seqs) {
    if (refs.sequences.get(key) === last) continue;
    const at = key.lastIndexOf('-');
    await db.query(
      `insert into number_sequences (prefix, year, last_value) values ($1, $2, $3)
       on conflict (prefix, year) do update set last_value = greatest(number_sequences.last_value, excluded.last_value)`,
      [key.slice(0, at), Number(key.slice(at + 1)), last],
    );
  }
  const loadMs = performance.now() - started;
  return { inserted, loadMs: Math.round(loadMs), rowsPerSec: Math.round(inserted / (loadMs / 1000)), indexesRebuilt: dropped.length, indexMs, types: refs.types.map((t) => t.key), teams: refs.teams.length, users: refs.users.length };
}

/** INC-2026-000042: per-type prefix, year, six digits (the format in DESIGN.md). */
export function defaultNumberFormat(prefix, year, n) {
  return `${prefix}-${year}-${String(n).padStart(6, '0')}`;
}

function groupStates(workflow) {
  const groups = new Map();
  for (const s of workflow.states) {
    if (!groups.has(s.category)) groups.set(s.category, []);
    groups.get(s.category).push(s.key);
  }
  return groups;
}

/**
 * One INSERT ... SELECT FROM unnest($1::t1[], $2::t2[], ...) per batch: one array parameter per
 * column instead of one parameter per value, which parses and binds several times faster.
 * Array-valued columns travel as their text literal and are cast back per row.
 */
async function insertRows(db, table, cols, rows) {
  if (!rows.length) return;
  const types = cols.map((c) => columnTypes[table][c]);
  const params = cols.map((_, i) =>
    rows.map((row) => {
      const v = row[i];
      if (v === null || v === undefined) return null;
      if (v instanceof Date) return v.toISOString();
      if (Array.isArray(v)) return arrayLiteral(v);
      return v;
    }),
  );
  const unnest = types.map((t, i) => `$${i + 1}::${t.endsWith('[]') ? 'text' : t}[]`).join(', ');
  const select = cols.map((c, i) => (types[i].endsWith('[]') ? `u.c${i}::${types[i]}` : `u.c${i}`)).join(', ');
  const names = cols.map((_, i) => `c${i}`).join(', ');
  await db.query(`insert into ${table} (${cols.join(', ')}) select ${select} from unnest(${unnest}) as u(${names})`, params);
}

function arrayLiteral(values) {
  return '{' + values.map((v) => '"' + String(v).replace(/["\\]/g, (m) => '\\' + m) + '"').join(',') + '}';
}

const columnTypes = {
  incidents: {
    id: 'uuid', number: 'text', type_id: 'uuid', title: 'text', description: 'text', category: 'text', severity: 'text', impact: 'text',
    urgency: 'text', priority: 'text', business_areas: 'text[]', services: 'text[]', assets: 'text[]', locations: 'text[]',
    reporter_id: 'uuid', assignee_id: 'uuid', team_id: 'uuid', state: 'text', state_category: 'text', restricted: 'boolean',
    confidentiality: 'text', source: 'text', custom: 'jsonb', resolution: 'text', due_at: 'timestamptz', occurred_at: 'timestamptz',
    detected_at: 'timestamptz', became_aware_at: 'timestamptz', reported_at: 'timestamptz', acknowledged_at: 'timestamptz',
    resolved_at: 'timestamptz', closed_at: 'timestamptz', created_by: 'uuid', created_at: 'timestamptz', updated_at: 'timestamptz',
  },
  timeline_events: { incident_id: 'uuid', type: 'text', actor_id: 'uuid', visibility: 'text', data: 'jsonb', created_at: 'timestamptz' },
};

/** A `db` for loadIncidents on a connected `pg` client. */
export function pgClientDb(client) {
  const db = {
    query: async (text, params) => (await client.query(text, params)).rows,
    transaction: async (fn) => {
      await client.query('begin');
      try {
        await fn(db);
        await client.query('commit');
      } catch (err) {
        await client.query('rollback');
        throw err;
      }
    },
  };
  return db;
}
