import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyDisplay, LINE_SPACINGS, loadDisplay, saveDisplay, TEXT_SIZES, type DisplaySettings } from './displaySettings.ts';
import classes from './exam.module.css';

/** Text size, high contrast and line spacing, as native controls in a disclosure: keyboard and screen reader work as they do everywhere. */
export function DisplaySettingsMenu() {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<DisplaySettings>(loadDisplay);
  const [open, setOpen] = useState(false);
  const panelId = useId();

  useEffect(() => applyDisplay(settings), [settings]);
  const change = (next: Partial<DisplaySettings>) =>
    setSettings((s) => {
      const merged = { ...s, ...next };
      saveDisplay(merged);
      return merged;
    });

  return (
    <>
      <button type="button" className={classes.displayToggle} aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)} data-testid="display-settings">
        {t('a11y.display.title')}
      </button>
      {open && (
        <div id={panelId} className={classes.displayPanel} role="group" aria-label={t('a11y.display.title')}>
          <fieldset className={classes.displayField}>
            <legend>{t('a11y.display.textSize')}</legend>
            {TEXT_SIZES.map((size) => (
              <label key={size}>
                <input type="radio" name={`${panelId}-size`} checked={settings.textSize === size} onChange={() => change({ textSize: size })} data-testid={`text-size-${size}`} /> {size}%
              </label>
            ))}
          </fieldset>
          <fieldset className={classes.displayField}>
            <legend>{t('a11y.display.lineSpacing')}</legend>
            {LINE_SPACINGS.map((spacing, i) => (
              <label key={spacing}>
                <input type="radio" name={`${panelId}-spacing`} checked={settings.lineSpacing === spacing} onChange={() => change({ lineSpacing: spacing })} data-testid={`line-spacing-${i}`} />{' '}
                {t(`a11y.display.spacing${i}` as 'a11y.display.spacing0')}
              </label>
            ))}
          </fieldset>
          <label className={classes.displayField}>
            <input type="checkbox" checked={settings.highContrast} onChange={(e) => change({ highContrast: e.currentTarget.checked })} data-testid="high-contrast" /> {t('a11y.display.highContrast')}
          </label>
        </div>
      )}
    </>
  );
}
