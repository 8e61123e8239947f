import { createHash } from 'node:crypto';
import type { Db } from './database';

/** The sha256 of a template text: its revision id. */
export function revisionOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Stores every template text a run started with, keyed by its sha256, so a run can always show what it ran. */
export function createTemplateRevisionsRepository(db: Db) {
  const insert = db.prepare('INSERT OR IGNORE INTO template_revisions (sha256, template, text, created_at) VALUES (?, ?, ?, ?)');
  const get = db.prepare('SELECT text FROM template_revisions WHERE sha256 = ?');
  const listFor = db.prepare(`SELECT sha256 AS revision, created_at AS createdAt, length(CAST(text AS BLOB)) AS bytes,
      (SELECT COUNT(*) FROM runs WHERE runs.template_revision = sha256) AS runs
    FROM template_revisions WHERE template = ? OR sha256 = ? ORDER BY created_at DESC, rowid DESC`);
  return {
    save(template: string, text: string): string {
      const revision = revisionOf(text);
      insert.run(revision, template, text, new Date().toISOString());
      return revision;
    },
    text(revision: string): string | null {
      return (get.get(revision) as { text: string } | undefined)?.text ?? null;
    },
    /** A template's stored texts, newest first; `current` is included even if another template stored it first. */
    listForTemplate(template: string, current = ''): Array<{ revision: string; createdAt: string; bytes: number; runs: number }> {
      return listFor.all(template, current) as Array<{ revision: string; createdAt: string; bytes: number; runs: number }>;
    },
  };
}

export type TemplateRevisionsRepository = ReturnType<typeof createTemplateRevisionsRepository>;
