import { z } from 'zod';
import { itemTypeSchema, levelSchema, OCCUPATION_CODE } from './domain.ts';

/**
 * The native question-bank format (one YAML file per bank in question-banks/).
 * Items keep stable ids so papers, answers and item analysis can refer back to them.
 */

export const knowledgeAreas = {
  'network-basics': { zh: '网络安全基础', en: 'Network security basics' },
  'os-hardening': { zh: '操作系统安全加固', en: 'Operating-system hardening' },
  'firewall-access-control': { zh: '防火墙与访问控制', en: 'Firewalls and access control' },
  'ids-log-analysis': { zh: '入侵检测与日志分析', en: 'Intrusion detection and log analysis' },
  'crypto-pki': { zh: '密码学与PKI', en: 'Cryptography and PKI' },
  'backup-recovery': { zh: '数据备份与恢复', en: 'Data backup and recovery' },
  'management-law': { zh: '安全管理与法律法规', en: 'Security management and law' },
  'incident-response': { zh: '应急响应', en: 'Incident response' },
} as const;
export const knowledgeAreaSchema = z.enum(Object.keys(knowledgeAreas) as [keyof typeof knowledgeAreas]);
export type KnowledgeArea = z.infer<typeof knowledgeAreaSchema>;

const itemId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, . _ - (max 64)');
const optionId = z.string().regex(/^[a-z0-9]{1,16}$/, 'lower-case letters or digits (max 16)');
const text = (max: number) => z.string().trim().min(1).max(max);

/** Images carried inside the bank (imported from Moodle XML, QTI…); stems refer to them as `media:<name>`. */
export const mediaSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'a plain file name'),
  // Raster only: an SVG can carry script.
  mimeType: z.enum(['image/png', 'image/jpeg', 'image/gif', 'image/webp']),
  base64: z.string().regex(/^[A-Za-z0-9+/=\s]+$/, 'base64').max(14_000_000),
});
export type Media = z.infer<typeof mediaSchema>;

const itemBase = {
  id: itemId,
  levels: z.array(levelSchema).min(1),
  area: knowledgeAreaSchema,
  difficulty: z.number().int().min(1).max(5),
  // A reading passage of a few thousand characters is normal; HTML tables grow in Markdown.
  stem: text(20_000),
  explanation: text(20_000).optional(),
  tags: z.array(text(40)).default([]),
  media: z.array(mediaSchema).optional(),
};

const option = z.strictObject({ id: optionId, text: text(1000) });

const uniqueOptionIds = (options: { id: string }[]) => new Set(options.map((o) => o.id)).size === options.length;

export const singleItemSchema = z
  .strictObject({ ...itemBase, type: z.literal('single'), options: z.array(option).min(2).max(8), answer: optionId })
  .refine((i) => uniqueOptionIds(i.options), { message: 'option ids must be unique', path: ['options'] })
  .refine((i) => i.options.some((o) => o.id === i.answer), { message: 'answer must name one of the options', path: ['answer'] });

export const multiItemSchema = z
  .strictObject({
    ...itemBase,
    type: z.literal('multi'),
    options: z.array(option).min(3).max(8),
    answer: z.array(optionId).min(2),
    /**
     * Optional partial-credit weights per option, as a fraction of the item's points (Moodle's
     * fractions, QTI's mapping). Kept so imports and exports round-trip.
     */
    fractions: z.record(optionId, z.number().min(-1).max(1)).optional(),
  })
  .refine((i) => uniqueOptionIds(i.options), { message: 'option ids must be unique', path: ['options'] })
  .refine((i) => i.answer.every((a) => i.options.some((o) => o.id === a)), {
    message: 'every answer must name one of the options',
    path: ['answer'],
  })
  .refine((i) => new Set(i.answer).size === i.answer.length, { message: 'answer lists an option twice', path: ['answer'] });

export const trueFalseItemSchema = z.strictObject({ ...itemBase, type: z.literal('truefalse'), answer: z.boolean() });

const rubricCriterion = z.strictObject({ id: optionId, text: text(1000), points: z.number().positive().max(100) });

export const shortAnswerItemSchema = z.strictObject({
  ...itemBase,
  type: z.literal('short-answer'),
  rubric: z.array(rubricCriterion).min(1),
  referenceAnswer: text(5000).optional(),
});

export const practicalItemSchema = z.strictObject({
  ...itemBase,
  type: z.literal('practical'),
  /** Instructions in Markdown are the stem; screenshots are the evidence the candidate must upload. */
  screenshots: z.number().int().min(0).max(20),
  rubric: z.array(rubricCriterion).min(1),
});

export const bankItemSchema = z.discriminatedUnion('type', [
  singleItemSchema,
  multiItemSchema,
  trueFalseItemSchema,
  shortAnswerItemSchema,
  practicalItemSchema,
]);
export type BankItem = z.infer<typeof bankItemSchema>;

export const bankFileSchema = z
  .strictObject({
    bank: z.strictObject({
      id: itemId,
      title: text(200),
      occupation: z.literal(OCCUPATION_CODE),
      version: z.number().int().positive(),
      language: z.string().default('zh-CN'),
    }),
    items: z.array(bankItemSchema).min(1),
  })
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.items.forEach((item, index) => {
      const first = seen.get(item.id);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['items', index, 'id'], message: `duplicate item id (first at items[${first}])` });
      }
      seen.set(item.id, index);
    });
  });
export type BankFile = z.infer<typeof bankFileSchema>;

export { itemTypeSchema };
