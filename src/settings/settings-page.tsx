import type { User } from '../db/types.ts';
import { CsrfField, Layout } from '../http/layout.tsx';
import type { Settings } from './settings.ts';

export const SettingsPage = (p: { settings: Settings; user: User; csrfToken: string; flash?: string | undefined; error?: string | undefined }) => (
  <Layout title="Settings" user={p.user} csrfToken={p.csrfToken} section="settings" flash={p.flash}>
    <h1>Settings</h1>
    {p.error ? (
      <p class="error" role="alert">
        {p.error}
      </p>
    ) : null}
    <form method="post" action="/settings" class="stack card">
      <CsrfField token={p.csrfToken} />
      <div>
        <label for="s-org">Organisation name</label>
        <p class="hint" id="s-org-hint">
          Named in every email.
        </p>
        <input id="s-org" name="organisationName" type="text" required maxlength={120} value={p.settings.organisationName} aria-describedby="s-org-hint" />
      </div>
      <div>
        <input id="s-self" name="allowSelfApproval" type="checkbox" value="on" checked={p.settings.allowSelfApproval} aria-describedby="s-self-hint" />
        <label for="s-self">Allow authors to approve their own updates</label>
        <p class="hint" id="s-self-hint">
          Only for a team of one. Four eyes is the rule; every self-approval is on the audit record.
        </p>
      </div>
      <div>
        <input id="s-track" name="tracking" type="checkbox" value="on" checked={p.settings.tracking} aria-describedby="s-track-hint" />
        <label for="s-track">Show opens and clicks</label>
        <p class="hint" id="s-track-hint">
          Off by default: a crisis message is not a marketing campaign.
        </p>
      </div>
      <div>
        <label for="s-2fa">Require two-factor sign-in for</label>
        <select id="s-2fa" name="requireTwoFactor" aria-describedby="s-2fa-hint">
          <option value="off" selected={p.settings.requireTwoFactor === 'off'}>nobody (each person may still turn it on)</option>
          <option value="admins" selected={p.settings.requireTwoFactor === 'admins'}>admins</option>
          <option value="everyone" selected={p.settings.requireTwoFactor === 'everyone'}>everyone</option>
        </select>
        <p class="hint" id="s-2fa-hint">
          Who must enter a one-time code from an authenticator app after their password. Someone required to who has not set it up is asked to at their next sign-in. API tokens are not affected.
        </p>
      </div>
      <div>
        <label for="s-remind">Remind officers before a promised update (hours)</label>
        <p class="hint" id="s-remind-hint">
          A whole number from 1 to 336. The officers of a situation get an email this long before the date an update promised, and again if the date passes.
        </p>
        <input id="s-remind" name="promiseReminderHours" type="number" required min={1} max={336} step={1} value={String(p.settings.promiseReminderHours)} aria-describedby="s-remind-hint" />
      </div>
      <fieldset>
        <legend>Quiet hours: the daytime window</legend>
        <p class="hint" id="s-day-hint">
          An update marked for quiet hours reaches each customer between these hours on their own clock; anyone outside them at release gets it when the window next opens.
        </p>
        <div class="grid">
          <div>
            <label for="s-day-start">From (hour, 0–23)</label>
            <input id="s-day-start" name="daytimeStart" type="number" required min={0} max={23} step={1} value={String(p.settings.quietHours.daytimeStart)} aria-describedby="s-day-hint" />
          </div>
          <div>
            <label for="s-day-end">Until (hour, 1–24)</label>
            <input id="s-day-end" name="daytimeEnd" type="number" required min={1} max={24} step={1} value={String(p.settings.quietHours.daytimeEnd)} aria-describedby="s-day-hint" />
          </div>
        </div>
      </fieldset>
      <div class="actions">
        <button type="submit">Save settings</button>
      </div>
    </form>
  </Layout>
);
