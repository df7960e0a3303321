import { describe, expect, it } from 'vitest';
import { BankFileError, loadBankFile, parseBank } from '../../../server/src/features/banks/load-bank.ts';
import { fixture } from '../../helpers/test-exam.ts';

const header = 'bank: { id: b, title: T, occupation: 4-04-04-02, version: 1 }\nitems:\n';

function problemsOf(text: string) {
  try {
    parseBank(text, 'bad.yaml');
  } catch (err) {
    if (err instanceof BankFileError) return err.problems;
    throw err;
  }
  throw new Error('expected the bank to be refused');
}

describe('bank files', () => {
  it('loads a good bank', () => {
    const bank = loadBankFile(fixture('small-bank.yaml'));
    expect(bank.items).toHaveLength(8);
    expect(bank.items[0]).toMatchObject({ id: 'S-001', type: 'single', answer: 'b', tags: [] });
  });

  it('names the file, item, field and line of a wrong answer', () => {
    const problems = problemsOf(
      header +
        [
          '  - id: Q1',
          '    type: single',
          '    levels: [4]',
          '    area: network-basics',
          '    difficulty: 1',
          '    stem: 题干',
          '    options: [{ id: a, text: A }, { id: b, text: B }]',
          '    answer: z',
        ].join('\n'),
    );
    expect(problems).toEqual([expect.objectContaining({ file: 'bad.yaml', itemId: 'Q1', field: 'answer', message: 'answer must name one of the options' })]);
    expect(problems[0]!.line).toBe(10);
  });

  it('reports an unknown type, a duplicate id and a YAML syntax error', () => {
    const dup = header + '  - { id: Q1, type: truefalse, levels: [4], area: crypto-pki, difficulty: 1, stem: s, answer: true }\n'.repeat(2);
    expect(problemsOf(dup)[0]).toMatchObject({ itemId: 'Q1', field: 'id', message: expect.stringContaining('duplicate') });
    const unknown = header + '  - { id: Q2, type: essay, levels: [4], area: crypto-pki, difficulty: 1, stem: s }\n';
    expect(problemsOf(unknown)[0]).toMatchObject({ itemId: 'Q2', field: 'type' });
    expect(problemsOf(header + '  - { id: [broken\n')[0]).toMatchObject({ file: 'bad.yaml', line: expect.any(Number) });
  });
});
