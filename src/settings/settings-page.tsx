import type { User } from '../db/types.ts';
import { CsrfField, Layout } from '../http/layout.tsx';
import { t } from '../../i18n/current.ts';
import type { Settings } from './settings.ts';

export const SettingsPage = (p: { settings: Settings; user: User; csrfToken: string; flash?: string | undefined; error?: string | undefined }) => (
  <Layout title={t('settings.title')} user={p.user} csrfToken={p.csrfToken} section="settings" flash={p.flash}>
    <h1>{t('settings.title')}</h1>
    {p.error ? (
      <p class="error" role="alert">
        {p.error}
      </p>
    ) : null}
    <form method="post" action="/settings" class="stack card">
      <CsrfField token={p.csrfToken} />
      <div>
        <label for="s-org">{t('settings.organisationName')}</label>
        <p class="hint" id="s-org-hint">
          {t('settings.organisationNameHint')}
        </p>
        <input id="s-org" name="organisationName" type="text" required maxlength={120} value={p.settings.organisationName} aria-describedby="s-org-hint" />
      </div>
      <div>
        <input id="s-self" name="allowSelfApproval" type="checkbox" value="on" checked={p.settings.allowSelfApproval} aria-describedby="s-self-hint" />
        <label for="s-self">{t('settings.selfApproval')}</label>
        <p class="hint" id="s-self-hint">
          {t('settings.selfApprovalHint')}
        </p>
      </div>
      <div>
        <input id="s-track" name="tracking" type="checkbox" value="on" checked={p.settings.tracking} aria-describedby="s-track-hint" />
        <label for="s-track">{t('settings.tracking')}</label>
        <p class="hint" id="s-track-hint">
          {t('settings.trackingHint')}
        </p>
      </div>
      <div>
        <label for="s-2fa">{t('settings.twoFactor')}</label>
        <select id="s-2fa" name="requireTwoFactor" aria-describedby="s-2fa-hint">
          <option value="off" selected={p.settings.requireTwoFactor === 'off'}>
            {t('settings.twoFactorOff')}
          </option>
          <option value="admins" selected={p.settings.requireTwoFactor === 'admins'}>
            {t('settings.twoFactorAdmins')}
          </option>
          <option value="everyone" selected={p.settings.requireTwoFactor === 'everyone'}>
            {t('settings.twoFactorEveryone')}
          </option>
        </select>
        <p class="hint" id="s-2fa-hint">
          {t('settings.twoFactorHint')}
        </p>
      </div>
      <div>
        <label for="s-remind">{t('settings.reminderHours')}</label>
        <p class="hint" id="s-remind-hint">
          {t('settings.reminderHoursHint')}
        </p>
        <input id="s-remind" name="promiseReminderHours" type="number" required min={1} max={336} step={1} value={String(p.settings.promiseReminderHours)} aria-describedby="s-remind-hint" />
      </div>
      <fieldset>
        <legend>{t('settings.quietHoursLegend')}</legend>
        <p class="hint" id="s-day-hint">
          {t('settings.quietHoursHint')}
        </p>
        <div class="grid">
          <div>
            <label for="s-day-start">{t('settings.daytimeStart')}</label>
            <input id="s-day-start" name="daytimeStart" type="number" required min={0} max={23} step={1} value={String(p.settings.quietHours.daytimeStart)} aria-describedby="s-day-hint" />
          </div>
          <div>
            <label for="s-day-end">{t('settings.daytimeEnd')}</label>
            <input id="s-day-end" name="daytimeEnd" type="number" required min={1} max={24} step={1} value={String(p.settings.quietHours.daytimeEnd)} aria-describedby="s-day-hint" />
          </div>
        </div>
      </fieldset>
      <div class="actions">
        <button type="submit">{t('settings.save')}</button>
      </div>
    </form>
  </Layout>
);
