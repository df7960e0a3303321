import type { Strings } from './zh-CN.ts';
import type { examErrorsZhCN } from './errors-exam.zh-CN.ts';

export const examErrorsEn: Strings<typeof examErrorsZhCN> = {
  screenshotImage: {
    undecodable: 'The image cannot be shown (its image data is damaged or it is not a real image); it was not saved. Take the screenshot again',
    hiddenData: 'The image carries data that is not part of the picture; it was not saved. Upload the screenshot itself',
  },
  document: {
    undecodable: 'The image cannot be shown (its image data is damaged); scan or photograph the document again',
    tooHeavy: 'The file is too complex to be checked within the time and memory allowed; it was not saved. Scan or export it again',
    pdfDamaged: 'The PDF is damaged or incomplete; export it again and upload it',
    pdfActive: 'The PDF carries active content (scripts, attachments) and is not accepted; save it as a plain PDF or an image',
    empty: 'The file is empty',
    wrongType: 'Only PDF, PNG and JPEG files are accepted',
  },
  examStart: {
    otherPartRunning: {
      theory: 'The theory exam is in progress: submit it before starting this part',
      skills: 'The skills assessment is in progress: submit it before starting this part',
      review: 'The review is in progress: finish it before starting this part',
    },
  },
};
