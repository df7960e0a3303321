import type { ApplicationForm } from '@shared/registration.ts';

/** An application form that meets level 3's condition (a level-4 certificate and five years of work since). */
export const ELIGIBLE_FORM: ApplicationForm = {
  name: '赵六',
  idNumber: '11010519491231002X',
  phone: '13800000000',
  education: { level: 'junior-college', major: '计算机网络技术', school: '武汉职业技术大学', graduationDate: '2015-06-30', graduatingThisYear: false },
  certificates: [{ kind: 'skill', occupation: '网络与信息安全管理员', level: 4, date: '2018-01-01', sameOrRelatedOccupation: true }],
  yearsOfWork: 5,
  professionalTechnical: false,
};
