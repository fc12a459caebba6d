/**
 * Versioned schema: `schema/NNN-name.sql`, applied in order, each at most once. The version
 * lives in the database (`<schema>.migrations`), so every process can call `migrate()` at
 * start-up: one transaction-scoped advisory lock per schema makes concurrent callers take
 * turns, and the later ones find nothing left to do.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Db } from './connection.js';

const schemaDir = new URL('./schema/', import.meta.url);

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The shipped migrations, by version. */
export function migrations(): Migration[] {
  return readdirSync(schemaDir)
    .flatMap((file) => {
      const match = /^(\d+)-(.+)\.sql$/.exec(file);
      return match ? [{ version: Number(match[1]), name: match[2]!, sql: readFileSync(new URL(file, schemaDir), 'utf8') }] : [];
    })
    .sort((a, b) => a.version - b.version);
}

/** Brings `schema` up to the latest version; returns the versions it applied. */
export async function migrate(db: Db, schema: string): Promise<number[]> {
  const all = migrations();
  return db.transaction(async (tx) => {
    // Before anything else: two CREATE SCHEMA IF NOT EXISTS at once can still collide.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`kronos.migrate.${schema}`]);
    await tx.exec(`CREATE SCHEMA IF NOT EXISTS ${schema};
      CREATE TABLE IF NOT EXISTS ${schema}.migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const [current] = await tx.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${schema}.migrations`);
    const from = current?.version ?? 0;
    const applied: number[] = [];
    for (const migration of all.filter((m) => m.version > from)) {
      // The files name tables unqualified; SET LOCAL ends with this transaction.
      await tx.exec(`SET LOCAL search_path TO ${schema}, pg_catalog;\n${migration.sql}`);
      await tx.query(`INSERT INTO ${schema}.migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
      applied.push(migration.version);
    }
    return applied;
  });
}

/** The schema's version: 0 before the first migration. */
export async function schemaVersion(db: Db, schema: string): Promise<number> {
  const [table] = await db.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [`${schema}.migrations`]);
  if (!table?.present) return 0;
  const [current] = await db.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${schema}.migrations`);
  return current?.version ?? 0;
}
