/**
 * What Mantine's ModalRoot gets for `ScrollArea` (see client/vite.config.ts): it only compares a
 * Modal's `scrollAreaComponent` prop with ScrollArea.Autosize to set one data attribute. We never
 * pass that prop, so a stand-in that equals nothing keeps ScrollArea itself off every page with a Modal.
 */
export const ScrollArea = { Autosize: function ScrollAreaAutosizeNeverPassed() {} };
