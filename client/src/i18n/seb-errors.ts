import type { Strings } from './zh-CN.ts';

/** The seb feature's error keys (`errors.detail.seb.*`), zh-CN first. */
export const sebErrorsZhCN = {
  missing: '本场考试须在安全考试浏览器（SEB）中进行：请关闭本浏览器，用考场提供的 SEB 配置文件打开考试。',
  mismatch: '安全考试浏览器（SEB）使用的不是本场考试的设置：请用考场提供的本场 SEB 配置文件重新打开，或联系监考员。',
  sittingNotFound: '该场次不存在',
  notSaved: '请先保存本场的 SEB 设置，再下载配置文件',
  httpUrl: '须为 http:// 或 https:// 开头的完整网址，不含空格、引号或反斜杠',
  urlFilterExpression: '须为主机名，可加端口和路径（* 为通配符），不含空格、引号或反斜杠',
  browserExamKey: '浏览器考试密钥（BEK）须为 64 位十六进制字符',
};

export const sebErrorsEn: Strings<typeof sebErrorsZhCN> = {
  missing: 'This sitting must be taken in Safe Exam Browser (SEB): close this browser and open the exam with the SEB configuration file of your exam room.',
  mismatch: 'Safe Exam Browser (SEB) is not running this sitting’s settings: open the exam again with this sitting’s SEB configuration file from your exam room, or ask a proctor.',
  sittingNotFound: 'No such sitting',
  notSaved: 'Save this sitting’s SEB settings before downloading the configuration file',
  httpUrl: 'Must be a full address starting with http:// or https://, without spaces, quotes or backslashes',
  urlFilterExpression: 'Must be a host name with optional port and path (* as wildcard), without spaces, quotes or backslashes',
  browserExamKey: 'A Browser Exam Key (BEK) has 64 hexadecimal digits',
};
