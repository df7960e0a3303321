/**
 * The audit log read as sentences with names, in zh-CN and English: the admin audit page and its
 * CSV export word each entry from here, so both say the same. The entry keeps its codes and JSON
 * (for machines and the export's last columns); people read the sentence.
 */
export type AuditLanguage = 'zh-CN' | 'en';
export const AUDIT_LANGUAGES: readonly AuditLanguage[] = ['zh-CN', 'en'];

/** What a sentence is built from: who did it, to whom or what (already named), and the entry's details. */
export type AuditFacts = { actor: string | null; subject: string | null; details: Record<string, unknown> };
type Words = (f: AuditFacts, w: Helpers) => string;
type Helpers = { v: (value: unknown) => string; reason: (value: unknown) => string; who: string; what: string };

const obj = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

const PARTS: Record<AuditLanguage, Record<string, string>> = {
  'zh-CN': { theory: '理论知识考试', skills: '技能考核', review: '综合评审' },
  en: { theory: 'theory exam', skills: 'skills assessment', review: 'review' },
};
const END_REASONS: Record<AuditLanguage, Record<string, string>> = {
  'zh-CN': { submitted: '考生交卷', deadline: '时间到', force_submitted: '监考员收卷', violation: '违纪', absent: '缺考' },
  en: { submitted: 'submitted by the candidate', deadline: 'time ran out', force_submitted: 'collected by a proctor', violation: 'rule violation', absent: 'absent' },
};

const IDENTITY: Record<AuditLanguage, Record<string, string>> = {
  'zh-CN': { passed: '通过', passed_with_note: '通过（有备注）', refused: '不通过', id_card: '身份证', photo: '照片', other: '其他方式' },
  en: { passed: 'passed', passed_with_note: 'passed with a note', refused: 'refused', id_card: 'ID card', photo: 'photo', other: 'other means' },
};
const identityWord = (lang: AuditLanguage, value: unknown) => IDENTITY[lang][String(value)] ?? String(value ?? '');

/** Where planned accommodations were set: the office can tell a review decision from a roster column. */
const ACCOMMODATION_SOURCES: Record<AuditLanguage, Record<string, string>> = {
  'zh-CN': { review: '（在报名审核中）', seating: '（在座位表中）', roster: '（通过名单导入）' },
  en: { review: ' on the application review', seating: ' from the seating list', roster: ' through the roster import' },
};
const accommodationSource = (lang: AuditLanguage, value: unknown) => ACCOMMODATION_SOURCES[lang][String(value)] ?? '';

const ZH: Record<string, Words> = {
  'auth.login': (_, w) => `${w.who} 登录`,
  'auth.login_failed': (f, w) => `登录名“${w.what}”登录失败${f.details.reason === 'disabled' ? '（账号已停用）' : ''}`,
  'auth.logout': (_, w) => `${w.who} 退出登录`,
  'auth.revoked': (_, w) => `${w.who} 使 ${w.what} 的登录全部失效`,
  'applicant.registered': (f, w) => `报名人注册了账号“${w.v(f.details.login)}”`,
  'application.submitted': (f, w) => `${w.who} 提交了报名申请（${w.v(f.details.level)} 级）`,
  'application.document_uploaded': (_, w) => `${w.who} 为 ${w.what} 的申请上传了材料`,
  'application.document_removed': (f, w) => `${w.who} 从 ${w.what} 的申请中删除了材料 ${w.v(f.details.fileName)}`,
  'application.approved': (_, w) => `${w.who} 通过了 ${w.what} 的报名申请`,
  'application.rejected': (f, w) => `${w.who} 驳回了 ${w.what} 的报名申请，理由：${w.reason(f.details.reason)}`,
  'ticket.issued': (_, w) => `${w.who} 为考生 ${w.what} 生成了准考证`,
  'tickets.printed': (f, w) => `${w.who} 打印了 ${w.what} 的准考证（${w.v(f.details.count)} 张）`,
  'plan.created': (_, w) => `${w.who} 创建了考试计划 ${w.what}`,
  'sitting.created': (_, w) => `${w.who} 创建了场次 ${w.what}`,
  'sitting_part.updated': (_, w) => `${w.who} 修改了 ${w.what} 的时长或合格线`,
  'room.created': (f, w) => `${w.who} 新增了考场 ${w.v(f.details.name)}（${w.v(f.details.seats)} 个座位）`,
  'room.updated': (f, w) => `${w.who} 把考场 ${w.v(obj(f.details.before).name)} 改为 ${w.v(obj(f.details.after).name)}（${w.v(obj(f.details.after).seats)} 个座位）`,
  'room.removed': (f, w) => `${w.who} 删除了考场 ${w.v(obj(f.details.before).name)}`,
  'roster.imported': (f, w) => `${w.who} 为 ${w.what} 导入了名单 ${w.v(f.details.fileName)}（导入 ${w.v(f.details.imported)} 人）`,
  'candidate.seat_moved': (f, w) => `${w.who} 把考生 ${w.what} 从 ${w.v(obj(f.details.before).room)} ${w.v(obj(f.details.before).seat)} 号调到 ${w.v(obj(f.details.after).room)} ${w.v(obj(f.details.after).seat)} 号`,
  'session.started': (_, w) => `${w.what} 开始作答`,
  'session.ended': (f, w) => `${w.what} 的考试结束（${END_REASONS['zh-CN'][String(f.details.reason)] ?? w.v(f.details.reason)}）`,
  'session.absent': (f, w) => `${w.who} 将 ${w.what} 记为缺考，理由：${w.reason(f.details.reason)}`,
  'session.scored': (f, w) => `${w.what} 得分 ${w.v(f.details.score)}${f.details.passed === true ? '，合格' : f.details.passed === false ? '，不合格' : ''}`,
  'session.rescored': (f, w) => `更正答案后重新计分：${w.what} 由 ${w.v(obj(f.details.old).score)} 分变为 ${w.v(obj(f.details.new).score)} 分`,
  'answer.saved': (_, w) => `${w.what} 保存了一道题的答案`,
  'late_sync.received': (f, w) => `收到 ${w.what} 离线时作答的 ${w.v(f.details.received)} 条记录，其中 ${w.v(f.details.applicable)} 条作于截止之前，待监考员审核`,
  'late_sync.accepted': (f, w) => `${w.who} 接受了 ${w.what} 的离线补交（计入 ${w.v(f.details.applied)} 道题），理由：${w.reason(f.details.reason)}`,
  'late_sync.refused': (f, w) => `${w.who} 拒绝了 ${w.what} 的离线补交，理由：${w.reason(f.details.reason)}`,
  'screenshot.uploaded': (_, w) => `${w.what} 上传了一张截图`,
  'screenshot.removed': (_, w) => `${w.what} 删除了一张截图`,
  'screenshot.captioned': (_, w) => `${w.what} 修改了截图说明`,
  'script.marked': (f, w) => `${w.who} 为 ${w.what} 的实操题评分（${w.v(f.details.total)} 分）`,
  'script.mark_reopened': (f, w) => `${w.who} 撤回了 ${w.what} 的一次评分，重新评分，理由：${w.reason(f.details.reason)}`,
  'grading.task_settings': (_, w) => `${w.who} 修改了实操题 ${w.what} 的评分设置`,
  'grading.task_graders_set': (_, w) => `${w.who} 指派了实操题 ${w.what} 的评分员`,
  'review.panel_set': (_, w) => `${w.who} 设立了 ${w.what} 的评审组`,
  'review.started': (_, w) => `${w.who} 开始评审 ${w.what}`,
  'review.ended': (_, w) => `${w.who} 结束了 ${w.what} 的评审`,
  'review.scored': (f, w) => `${w.who} 给 ${w.what} 评分 ${w.v(f.details.score)}`,
  'paper.assembled': (_, w) => `${w.who} 为 ${w.what} 组卷`,
  'paper_item.key_corrected': (f, w) => `${w.who} 更正了试题 ${w.what} 的标准答案（${w.v(f.details.oldKey)} → ${w.v(f.details.newKey)}）`,
  'results.released': (_, w) => `${w.who} 发布了 ${w.what} 的成绩`,
  'bank.imported': (f, w) => `${w.who} 导入了题库 ${w.what}（文件 ${w.v(f.details.fileName)}）`,
  'assignment.proctor_added': (f, w) => `${w.who} 安排 ${w.v(f.details.login)} 监考 ${w.what} 的 ${w.v(f.details.room)} 考场`,
  'assignment.proctor_removed': (f, w) => `${w.who} 取消了 ${w.what} ${w.v(f.details.room)} 考场的一名监考员`,
  'proctor.admit': (_, w) => `${w.who} 准许 ${w.what} 入场`,
  'accommodation.set': (f, w) => `${w.who} 设置了 ${w.what} 的考试便利安排（计划延时等）${accommodationSource('zh-CN', f.details.source)}`,
  'proctor.identity_check': (f, w) => `${w.who} 以${identityWord('zh-CN', f.details.method)}核验了 ${w.what} 的身份：${identityWord('zh-CN', f.details.outcome)}`,
  'identity.document_viewed': (_, w) => `${w.who} 查看了 ${w.what} 的照片或证件`,
  'identity.documents_purged': (f, w) => `按保存期限删除了 ${w.what} 的照片和证件扫描件（照片 ${w.v(f.details.photos)} 张，证件 ${w.v(f.details.idScans)} 张，名单照片 ${w.v(f.details.rosterPhotos)} 张）`,
  'identity.photo_uploaded': (f, w) => `${w.who} 为 ${w.what} ${f.details.replaced === true ? '更换' : '上传'}了照片${f.details.source === 'zip' ? '（照片压缩包）' : ''}`,
  'identity.photos_imported': (f, w) => `${w.who} 为 ${w.what} 导入了照片压缩包（导入 ${w.v(f.details.imported)} 张，错误 ${w.v(f.details.errors)} 张）`,
  'proctor.pause': (f, w) => `${w.who} 暂停了 ${w.what} 的考试，理由：${w.reason(f.details.reason)}`,
  'proctor.resume': (_, w) => `${w.who} 恢复了 ${w.what} 的考试`,
  'proctor.extend': (f, w) => `${w.who} 给 ${w.what} 延长 ${w.v(f.details.minutes)} 分钟，理由：${w.reason(f.details.reason)}`,
  'proctor.move': (f, w) => `${w.who} 为 ${w.what} 调换座位，理由：${w.reason(f.details.reason)}`,
  'proctor.force_submit': (f, w) => `${w.who} 收取了 ${w.what} 的答卷，理由：${w.reason(f.details.reason)}`,
  'proctor.violation': (f, w) => `${w.who} 记录 ${w.what} 违纪，理由：${w.reason(f.details.reason)}`,
  'proctor.mark_absent': (_, w) => `${w.who} 将 ${w.what} 未到场的考生记为缺考`,
  'proctor.message': (f, w) => `${w.who} 向 ${w.what} 发送消息：${w.v(f.details.text)}`,
  'proctor.settings': (f, w) => `${w.who} 修改了 ${w.what} ${w.v(f.details.room)} 考场的监考设置，理由：${w.reason(f.details.reason)}`,
  'seb.settings_saved': (_, w) => `${w.who} 保存了 ${w.what} 的 SEB 设置`,
  'seb.file_downloaded': (_, w) => `${w.who} 下载了 ${w.what} 的 SEB 配置文件`,
  'staff.created': (f, w) => `${w.who} 创建了工作人员账号 ${w.v(f.details.displayName)}（${w.v(f.details.login)}）`,
  'staff.updated': (_, w) => `${w.who} 修改了工作人员 ${w.what} 的姓名或角色`,
  'staff.disabled': (_, w) => `${w.who} 停用了工作人员 ${w.what} 的账号`,
  'staff.enabled': (_, w) => `${w.who} 启用了工作人员 ${w.what} 的账号`,
  'staff.password_reset': (_, w) => `${w.who} 重置了工作人员 ${w.what} 的密码`,
  'audit.exported': (_, w) => `${w.who} 导出了审计日志`,
  'clock.advanced': (f, w) => `${w.who} 把测试时钟拨快了 ${w.v(f.details.minutes)} 分钟`,
  'exam.seeded': (_, w) => `演示数据：为 ${w.what} 生成了试卷和考生`,
};

const EN: Record<keyof typeof ZH, Words> = {
  'auth.login': (_, w) => `${w.who} logged in`,
  'auth.login_failed': (f, w) => `Failed login as “${w.what}”${f.details.reason === 'disabled' ? ' (account disabled)' : ''}`,
  'auth.logout': (_, w) => `${w.who} logged out`,
  'auth.revoked': (_, w) => `${w.who} ended every login of ${w.what}`,
  'applicant.registered': (f, w) => `An applicant registered the account “${w.v(f.details.login)}”`,
  'application.submitted': (f, w) => `${w.who} applied (level ${w.v(f.details.level)})`,
  'application.document_uploaded': (_, w) => `${w.who} uploaded a document to the application of ${w.what}`,
  'application.document_removed': (f, w) => `${w.who} removed the document ${w.v(f.details.fileName)} from the application of ${w.what}`,
  'application.approved': (_, w) => `${w.who} approved the application of ${w.what}`,
  'application.rejected': (f, w) => `${w.who} rejected the application of ${w.what}; reason: ${w.reason(f.details.reason)}`,
  'ticket.issued': (_, w) => `${w.who} issued an admission ticket to ${w.what}`,
  'tickets.printed': (f, w) => `${w.who} printed the admission tickets of ${w.what} (${w.v(f.details.count)})`,
  'plan.created': (_, w) => `${w.who} created the exam plan ${w.what}`,
  'sitting.created': (_, w) => `${w.who} created the sitting ${w.what}`,
  'sitting_part.updated': (_, w) => `${w.who} changed the duration or pass line of ${w.what}`,
  'room.created': (f, w) => `${w.who} added the room ${w.v(f.details.name)} (${w.v(f.details.seats)} seats)`,
  'room.updated': (f, w) => `${w.who} changed the room ${w.v(obj(f.details.before).name)} to ${w.v(obj(f.details.after).name)} (${w.v(obj(f.details.after).seats)} seats)`,
  'room.removed': (f, w) => `${w.who} removed the room ${w.v(obj(f.details.before).name)}`,
  'roster.imported': (f, w) => `${w.who} imported the roster ${w.v(f.details.fileName)} into ${w.what} (${w.v(f.details.imported)} imported)`,
  'candidate.seat_moved': (f, w) => `${w.who} moved ${w.what} from ${w.v(obj(f.details.before).room)} seat ${w.v(obj(f.details.before).seat)} to ${w.v(obj(f.details.after).room)} seat ${w.v(obj(f.details.after).seat)}`,
  'session.started': (_, w) => `${w.what} started`,
  'session.ended': (f, w) => `The exam of ${w.what} ended (${END_REASONS.en[String(f.details.reason)] ?? w.v(f.details.reason)})`,
  'session.absent': (f, w) => `${w.who} marked ${w.what} absent; reason: ${w.reason(f.details.reason)}`,
  'session.scored': (f, w) => `${w.what} scored ${w.v(f.details.score)}${f.details.passed === true ? ', passed' : f.details.passed === false ? ', not passed' : ''}`,
  'session.rescored': (f, w) => `Rescored after a key correction: ${w.what} from ${w.v(obj(f.details.old).score)} to ${w.v(obj(f.details.new).score)}`,
  'answer.saved': (_, w) => `${w.what} saved an answer`,
  'late_sync.received': (f, w) => `${w.v(f.details.received)} answers made offline by ${w.what} received, ${w.v(f.details.applicable)} of them before the deadline, for the proctor to review`,
  'late_sync.accepted': (f, w) => `${w.who} accepted the offline answers of ${w.what} (${w.v(f.details.applied)} items applied); reason: ${w.reason(f.details.reason)}`,
  'late_sync.refused': (f, w) => `${w.who} refused the offline answers of ${w.what}; reason: ${w.reason(f.details.reason)}`,
  'screenshot.uploaded': (_, w) => `${w.what} uploaded a screenshot`,
  'screenshot.removed': (_, w) => `${w.what} removed a screenshot`,
  'screenshot.captioned': (_, w) => `${w.what} changed a screenshot caption`,
  'script.marked': (f, w) => `${w.who} marked the practical task of ${w.what} (${w.v(f.details.total)} points)`,
  'script.mark_reopened': (f, w) => `${w.who} withdrew a mark of ${w.what} for marking again; reason: ${w.reason(f.details.reason)}`,
  'grading.task_settings': (_, w) => `${w.who} changed the marking settings of task ${w.what}`,
  'grading.task_graders_set': (_, w) => `${w.who} named the graders of task ${w.what}`,
  'review.panel_set': (_, w) => `${w.who} set up the review panel of ${w.what}`,
  'review.started': (_, w) => `${w.who} started the review of ${w.what}`,
  'review.ended': (_, w) => `${w.who} ended the review of ${w.what}`,
  'review.scored': (f, w) => `${w.who} scored ${w.what}: ${w.v(f.details.score)}`,
  'paper.assembled': (_, w) => `${w.who} assembled the paper of ${w.what}`,
  'paper_item.key_corrected': (f, w) => `${w.who} corrected the key of item ${w.what} (${w.v(f.details.oldKey)} → ${w.v(f.details.newKey)})`,
  'results.released': (_, w) => `${w.who} released the results of ${w.what}`,
  'bank.imported': (f, w) => `${w.who} imported the bank ${w.what} (file ${w.v(f.details.fileName)})`,
  'assignment.proctor_added': (f, w) => `${w.who} assigned ${w.v(f.details.login)} to proctor room ${w.v(f.details.room)} of ${w.what}`,
  'assignment.proctor_removed': (f, w) => `${w.who} removed a proctor from room ${w.v(f.details.room)} of ${w.what}`,
  'proctor.admit': (_, w) => `${w.who} admitted ${w.what}`,
  'proctor.pause': (f, w) => `${w.who} paused the exam of ${w.what}; reason: ${w.reason(f.details.reason)}`,
  'accommodation.set': (f, w) => `${w.who} set the accommodations of ${w.what} (planned extra time and more)${accommodationSource('en', f.details.source)}`,
  'proctor.identity_check': (f, w) => `${w.who} checked the identity of ${w.what} by ${identityWord('en', f.details.method)}: ${identityWord('en', f.details.outcome)}`,
  'identity.document_viewed': (_, w) => `${w.who} viewed a photo or ID document of ${w.what}`,
  'identity.documents_purged': (f, w) => `Photos and ID scans of ${w.what} deleted after the retention period (${w.v(f.details.photos)} photos, ${w.v(f.details.idScans)} ID scans, ${w.v(f.details.rosterPhotos)} roster photos)`,
  'identity.photo_uploaded': (f, w) => `${w.who} ${f.details.replaced === true ? 'replaced the photo' : 'uploaded a photo'} of ${w.what}${f.details.source === 'zip' ? ' (photo zip)' : ''}`,
  'identity.photos_imported': (f, w) => `${w.who} imported a zip of photos into ${w.what} (${w.v(f.details.imported)} imported, ${w.v(f.details.errors)} with errors)`,
  'proctor.resume': (_, w) => `${w.who} resumed the exam of ${w.what}`,
  'proctor.extend': (f, w) => `${w.who} gave ${w.what} ${w.v(f.details.minutes)} more minutes; reason: ${w.reason(f.details.reason)}`,
  'proctor.move': (f, w) => `${w.who} moved ${w.what} to another seat; reason: ${w.reason(f.details.reason)}`,
  'proctor.force_submit': (f, w) => `${w.who} collected the paper of ${w.what}; reason: ${w.reason(f.details.reason)}`,
  'proctor.violation': (f, w) => `${w.who} recorded a rule violation by ${w.what}; reason: ${w.reason(f.details.reason)}`,
  'proctor.mark_absent': (_, w) => `${w.who} marked the no-shows of ${w.what} absent`,
  'proctor.message': (f, w) => `${w.who} sent ${w.what} a message: ${w.v(f.details.text)}`,
  'proctor.settings': (f, w) => `${w.who} changed the proctoring settings of room ${w.v(f.details.room)} of ${w.what}; reason: ${w.reason(f.details.reason)}`,
  'seb.settings_saved': (_, w) => `${w.who} saved the SEB settings of ${w.what}`,
  'seb.file_downloaded': (_, w) => `${w.who} downloaded the SEB configuration file of ${w.what}`,
  'staff.created': (f, w) => `${w.who} created the staff account ${w.v(f.details.displayName)} (${w.v(f.details.login)})`,
  'staff.updated': (_, w) => `${w.who} changed the name or role of ${w.what}`,
  'staff.disabled': (_, w) => `${w.who} disabled the account of ${w.what}`,
  'staff.enabled': (_, w) => `${w.who} enabled the account of ${w.what}`,
  'staff.password_reset': (_, w) => `${w.who} reset the password of ${w.what}`,
  'audit.exported': (_, w) => `${w.who} exported the audit log`,
  'clock.advanced': (f, w) => `${w.who} moved the test clock ${w.v(f.details.minutes)} minutes ahead`,
  'exam.seeded': (_, w) => `Demo data: papers and candidates created for ${w.what}`,
};

export const AUDIT_SENTENCES: Record<AuditLanguage, Record<string, Words>> = { 'zh-CN': ZH, en: EN };

const FALLBACK: Record<AuditLanguage, { system: string; unknown: string; action: (who: string, what: string) => string }> = {
  'zh-CN': { system: '系统', unknown: '—', action: (who, what) => `${who} 对 ${what} 进行了操作` },
  en: { system: 'The system', unknown: '—', action: (who, what) => `${who} acted on ${what}` },
};

function valueText(value: unknown, language: AuditLanguage): string {
  if (value === null || value === undefined || value === '') return FALLBACK[language].unknown;
  if (Array.isArray(value)) return value.map((v) => valueText(v, language)).join(language === 'zh-CN' ? '、' : ', ');
  if (typeof value === 'object') return FALLBACK[language].unknown;
  return String(value);
}

/**
 * What an entry is about, as the server names it: a person, plan, sitting or room name, with the
 * exam part for sessions and parts, the position for paper items. Worded here per language.
 */
export type AuditSubject = { entity: string; name: string | null; part?: string | null; position?: number | null };

export function subjectText(language: AuditLanguage, s: AuditSubject): string | null {
  const part = s.part ? (PARTS[language][s.part] ?? s.part) : null;
  const zh = language === 'zh-CN';
  if (s.entity === 'paper_item' && s.position != null) return zh ? `第 ${s.position} 题` : `item ${s.position}`;
  if (s.name === null) return null;
  if (s.entity === 'room') return zh ? `考场 ${s.name}` : `room ${s.name}`;
  if (s.entity === 'exam_session' && part) return zh ? `${s.name}（${part}）` : `${s.name} (${part})`;
  if (s.entity === 'sitting_part' && part) return `${s.name} ${part}`;
  return s.name;
}

/** One entry as a sentence. An action without wording (a newer server) still reads as a sentence, not a code. */
export function auditSentence(language: AuditLanguage, action: string, facts: AuditFacts): string {
  const fb = FALLBACK[language];
  const helpers: Helpers = {
    v: (value) => valueText(value, language),
    reason: (value) => valueText(value, language),
    who: facts.actor ?? fb.system,
    what: facts.subject ?? fb.unknown,
  };
  const words = AUDIT_SENTENCES[language][action];
  return words ? words(facts, helpers) : fb.action(helpers.who, helpers.what);
}

/** The filter's choices: an action family (the part before the dot) and what it is called. */
export const AUDIT_FAMILIES: Record<AuditLanguage, Record<string, string>> = {
  'zh-CN': {
    auth: '登录',
    applicant: '报名人账号',
    application: '报名申请',
    ticket: '准考证',
    tickets: '准考证打印',
    plan: '考试计划',
    sitting: '场次',
    sitting_part: '考试科目',
    room: '考场',
    roster: '名单导入',
    candidate: '考生座位',
    session: '考试过程',
    answer: '答题',
    late_sync: '离线补交',
    identity: '人证核验',
    accommodation: '考试便利',
    screenshot: '截图',
    script: '评分',
    grading: '评分设置',
    review: '综合评审',
    paper: '组卷',
    paper_item: '标准答案',
    results: '成绩发布',
    bank: '题库',
    assignment: '监考安排',
    proctor: '监考操作',
    seb: 'SEB 设置',
    staff: '工作人员',
    audit: '审计日志',
    clock: '测试时钟',
    exam: '演示数据',
  },
  en: {
    auth: 'Logins',
    applicant: 'Applicant accounts',
    application: 'Applications',
    ticket: 'Admission tickets',
    tickets: 'Ticket printing',
    plan: 'Exam plans',
    sitting: 'Sittings',
    sitting_part: 'Parts',
    room: 'Rooms',
    roster: 'Roster imports',
    candidate: 'Seating',
    session: 'Exam sessions',
    answer: 'Answers',
    late_sync: 'Offline answers',
    identity: 'Identity checks',
    accommodation: 'Accommodations',
    screenshot: 'Screenshots',
    script: 'Marking',
    grading: 'Marking settings',
    review: 'Reviews',
    paper: 'Paper assembly',
    paper_item: 'Answer keys',
    results: 'Results release',
    bank: 'Banks',
    assignment: 'Proctor assignment',
    proctor: 'Proctor actions',
    seb: 'SEB settings',
    staff: 'Staff',
    audit: 'Audit log',
    clock: 'Test clock',
    exam: 'Demo data',
  },
};
