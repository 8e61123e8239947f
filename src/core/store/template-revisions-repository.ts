import { createHash } from 'node:crypto';
import type { Db } from './database';

/** The sha256 of a template text: its revision id. */
export function revisionOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** One stored text of a template, with how many runs pinned it. */
export type TemplateRevisionInfo = { revision: string; createdAt: string; bytes: number; runs: number };

/** Every template text a run started with, keyed by its sha256, so a run can always show what it ran. */
export interface TemplateRevisionsRepository {
  /** Stores a text (once) and returns its revision id. */
  save(template: string, text: string): string;
  text(revision: string): string | null;
  /** A template's stored texts, newest first; `current` is included even if another template stored it first. */
  listForTemplate(template: string, current?: string): TemplateRevisionInfo[];
}

/** The template_revisions table. */
export function createTemplateRevisionsRepository(db: Db): TemplateRevisionsRepository {
  const insert = db.prepare('INSERT OR IGNORE INTO template_revisions (sha256, template, text, created_at) VALUES (?, ?, ?, ?)');
  const get = db.prepare('SELECT text FROM template_revisions WHERE sha256 = ?');
  const listFor = db.prepare(`SELECT sha256 AS revision, created_at AS createdAt, length(CAST(text AS BLOB)) AS bytes,
      (SELECT COUNT(*) FROM runs WHERE runs.template_revision = sha256) AS runs
    FROM template_revisions WHERE template = ? OR sha256 = ? ORDER BY created_at DESC, rowid DESC`);
  return {
    save(template, text) {
      const revision = revisionOf(text);
      insert.run(revision, template, text, new Date().toISOString());
      return revision;
    },
    text(revision) {
      return (get.get(revision) as { text: string } | undefined)?.text ?? null;
    },
    listForTemplate(template, current = '') {
      return listFor.all(template, current) as TemplateRevisionInfo[];
    },
  };
}
