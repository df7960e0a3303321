import type { z } from 'zod';
import { sebSettingsBodySchema, type SebOptions, type SebSettings, type SebSettingsBody } from '@shared/seb.ts';
import type { ApiIssue } from '../../api/http.ts';

/** The SEB form as edited: lists as one-per-line text, the quit password as typed. */
export type SebDraft = {
  required: boolean;
  options: SebOptions;
  browserExamKeys: string;
  urlFilterAllow: string;
  quitPassword: string;
  removeQuitPassword: boolean;
};

export function draftOf(s: SebSettings): SebDraft {
  return { required: s.required, options: s.options, browserExamKeys: s.browserExamKeys.join('\n'), urlFilterAllow: s.options.urlFilterAllow.join('\n'), quitPassword: '', removeQuitPassword: false };
}

const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

export function bodyOf(d: SebDraft): SebSettingsBody {
  return {
    required: d.required,
    options: { ...d.options, urlFilterAllow: lines(d.urlFilterAllow) },
    browserExamKeys: lines(d.browserExamKeys),
    ...(d.removeQuitPassword ? { quitPassword: null } : d.quitPassword ? { quitPassword: d.quitPassword } : {}),
  };
}

/** Unsaved changes: anything that would change what the server holds. */
export function isDirty(d: SebDraft, saved: SebSettings): boolean {
  return !saved.saved || JSON.stringify(bodyOf(d)) !== JSON.stringify(bodyOf(draftOf(saved)));
}

/**
 * Checks the draft with the server's own schema; problems come back shaped like a 400's issues
 * (keyed by field), so they are worded the same way as the server's.
 */
export function draftIssues(d: SebDraft): Map<string, ApiIssue> {
  const parsed = sebSettingsBodySchema.safeParse(bodyOf(d));
  const issues = new Map<string, ApiIssue>();
  if (parsed.success) return issues;
  for (const issue of parsed.error.issues) {
    // The form shows one message per field: options.startUrl, browserExamKeys, quitPassword…
    const field = issue.path[0] === 'options' ? `options.${String(issue.path[1])}` : String(issue.path[0]);
    if (!issues.has(field)) issues.set(field, { path: '', message: issue.message, ...keyOf(issue) });
  }
  return issues;
}

function keyOf(issue: z.core.$ZodIssue): Pick<ApiIssue, 'key' | 'params'> {
  const own = (issue as { params?: { key?: unknown } }).params?.key;
  if (typeof own === 'string') return { key: own };
  const bounds = issue as { minimum?: unknown; maximum?: unknown };
  const params: Record<string, number> = {};
  if (typeof bounds.minimum === 'number') params.minimum = bounds.minimum;
  if (typeof bounds.maximum === 'number') params.maximum = bounds.maximum;
  return { key: `zod.${issue.code}`, params };
}
