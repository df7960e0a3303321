import type { Strings } from './zh-CN.ts';
import type { identityZhCN } from './identity.zh-CN.ts';

export const identityEn: Strings<typeof identityZhCN> = {
  title: 'Identity check: {{target}}',
  photo: 'Application photo',
  noPhoto: 'No photo',
  photoAlt: 'Application photo of {{name}}',
  outcome: 'Outcome',
  outcomes: {
    passed: 'Passed',
    passed_with_note: 'Passed with a note',
    refused: 'Refused',
  },
  method: 'Checked by',
  methods: {
    id_card: 'ID card',
    photo: 'Photo',
    other: 'Other',
  },
  note: 'Note',
  notePlaceholder: 'e.g. hair differs from the photo, ID number matches',
  admitNow: 'Admit once the check passed',
  record: 'Record the check',
  notChecked: 'Not checked',
  settingsRequired: 'Record an identity check before admitting and starting',
  privacy: 'Photos and IDs are shown only to this room’s proctors, admins and the review panel; every view is recorded in the audit log.',
};
