/** One frame of a screen, window or tab the candidate picks, as a PNG (screen-capture API). */
export function canCaptureScreen(): boolean {
  return typeof navigator !== 'undefined' && !!navigator.mediaDevices && typeof navigator.mediaDevices.getDisplayMedia === 'function';
}

export async function captureScreenPng(): Promise<Blob> {
  const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
  try {
    const video = document.createElement('video');
    video.muted = true;
    video.srcObject = stream;
    await video.play();
    // The first frame can arrive a moment after play() resolves.
    if (video.videoWidth === 0) await new Promise((resolve) => video.addEventListener('resize', resolve, { once: true }));
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d canvas');
    ctx.drawImage(video, 0, 0);
    video.pause();
    video.srcObject = null;
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encoding failed'))), 'image/png'));
  } finally {
    for (const track of stream.getTracks()) track.stop();
  }
}
