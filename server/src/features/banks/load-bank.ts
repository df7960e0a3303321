import fs from 'node:fs';
import path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { blueprintSchema, type ParsedBlueprint } from '@shared/blueprint.ts';
import { bankFileSchema, type BankFile } from '@shared/bank.ts';

export type BankProblem = { file: string; itemId: string | null; field: string; line: number | null; message: string };

export class BankFileError extends Error {
  constructor(readonly problems: BankProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

export function formatProblem(p: BankProblem): string {
  const where = [p.file + (p.line ? `:${p.line}` : ''), p.itemId ? `item ${p.itemId}` : null, p.field || null].filter(Boolean).join(' ');
  return `${where}: ${p.message}`;
}

function itemIdAt(doc: Document, pathParts: PropertyKey[]): string | null {
  if (pathParts[0] !== 'items' || typeof pathParts[1] !== 'number') return null;
  const id = doc.getIn(['items', pathParts[1], 'id']);
  return typeof id === 'string' ? id : `#${pathParts[1] + 1}`;
}

/** items[3].options[1].text -> "options[1].text": the item is named separately. */
function fieldOf(pathParts: PropertyKey[]): string {
  const rest = pathParts[0] === 'items' && typeof pathParts[1] === 'number' ? pathParts.slice(2) : pathParts;
  return rest.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

function lineAt(doc: Document, lines: LineCounter, pathParts: PropertyKey[]): number | null {
  // Walk down as far as the path exists: a missing field is reported at its parent.
  for (let n = pathParts.length; n >= 0; n--) {
    const node = doc.getIn(pathParts.slice(0, n) as (string | number)[], true) as { range?: [number, number] } | undefined;
    if (node && (isMap(node) || isSeq(node) || node.range) && node.range) return lines.linePos(node.range[0]).line;
  }
  return null;
}

/** Parses YAML text with a zod schema; every problem names the file, the item, the field and the line. */
export function parseYamlWith<S extends z.ZodType>(schema: S, text: string, file: string): z.infer<S> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new BankFileError(doc.errors.map((e) => ({ file, itemId: null, field: '', line: e.linePos?.[0]?.line ?? null, message: e.message.split('\n')[0] ?? 'YAML error' })));
  }
  const result = schema.safeParse(doc.toJS());
  if (!result.success) {
    throw new BankFileError(
      result.error.issues.map((issue: z.core.$ZodIssue) => ({
        file,
        itemId: itemIdAt(doc, issue.path),
        field: fieldOf(issue.path),
        line: lineAt(doc, lines, issue.path),
        message: issue.message,
      })),
    );
  }
  return result.data;
}

export function parseBank(text: string, file: string): BankFile {
  return parseYamlWith(bankFileSchema, text, file);
}

export function loadBlueprintFile(file: string): ParsedBlueprint {
  return parseYamlWith(blueprintSchema, fs.readFileSync(file, 'utf8'), path.basename(file));
}

export function loadBankFile(file: string): BankFile {
  return parseBank(fs.readFileSync(file, 'utf8'), path.basename(file));
}
