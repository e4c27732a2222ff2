import type { Child } from 'hono/jsx';
import type { Locale } from '../config.ts';
import type { User } from '../db/types.ts';
import { CsrfField, formatDateTime } from '../http/layout.tsx';
import { OnceField } from '../http/once.tsx';
import { t, tr } from '../../i18n/current.ts';
import { languageLabel } from './language-names.ts';
import type { UpdateWithRelations } from './model.ts';
import { StatusBadge } from './status-badge.tsx';
import type { SendForecast } from './quiet-hours.ts';
import { ZoneSelect } from './zone-select.tsx';
import { formatInZone } from './zones.ts';

export interface ActionsProps {
  u: UpdateWithRelations;
  user: User;
  csrfToken: string;
  can: { write: boolean; approve: boolean; send: boolean };
  /** Everyone who wrote or changed the update (none of them may approve it). */
  editorIds: number[];
  allowSelfApproval: boolean;
  complete: Locale[];
  zone: string;
  sendAtLocal?: string | undefined;
  /** What "Send now" would do, for its confirmation. */
  sendNow?: SendForecast | undefined;
}

/** The confirmation says who receives it now, and whom quiet hours hold until when. */
export function sendNowQuestion(f: SendForecast | undefined, zone: string): string {
  if (!f) return t('updates.sendNowConfirm');
  const who = t('updates.sendNowConfirmCount', { count: f.recipients });
  if (!f.held) return who;
  return `${who} ${t('updates.sendNowQuietHours', { held: f.held, until: formatInZone(f.heldUntil!, zone, tr().intlLocale) })}`;
}

/** Each step of the workflow as its own form, shown only to those allowed and only when it applies. */
export const Actions = (p: ActionsProps) => {
  const s = p.u.status;
  const isAuthor = p.u.author_id !== null && p.u.author_id === p.user.id;
  const isEditor = isAuthor || p.editorIds.includes(p.user.id);
  const items: Child[] = [];
  const post = (path: string, label: string, extra: { confirm?: string; secondary?: boolean; once?: boolean; children?: Child } = {}) => (
    <form method="post" action={`/updates/${p.u.id}/${path}`} class="action" data-confirm={extra.confirm}>
      <CsrfField token={p.csrfToken} />
      {extra.once ? <OnceField /> : null}
      {extra.children}
      <button type="submit" class={extra.secondary ? 'secondary' : undefined}>
        {label}
      </button>
    </form>
  );
  if (s === 'draft' && p.can.write) items.push(post('submit', t('updates.submitForApproval')));
  if ((s === 'draft' || s === 'pending_approval') && p.can.approve) {
    if (isEditor && !p.allowSelfApproval) {
      items.push(
        <div class="action">
          <button type="button" disabled aria-describedby="approve-why">
            {t('updates.approve')}
          </button>
          <p class="hint" id="approve-why">
            {isAuthor ? t('updates.approveWhyWrote') : t('updates.approveWhyChanged')}
          </p>
        </div>,
      );
    } else {
      // The approver approves from the review page: what recipients read, who receives it, what changed.
      items.push(
        <div class="action">
          <a class="button" href={`/updates/${p.u.id}/review`}>
            {t('updates.reviewAndApprove')}
          </a>
          {isEditor ? <p class="hint">{t('updates.selfApprovalAllowed')}</p> : null}
        </div>,
      );
    }
  }
  if (s === 'approved' && p.can.send) {
    items.push(post('send', t('updates.sendNow'), { confirm: sendNowQuestion(p.sendNow, p.zone), once: true }));
    items.push(
      <form method="post" action={`/updates/${p.u.id}/send`} class="action schedule">
        <CsrfField token={p.csrfToken} />
        <OnceField />
        <div>
          <label for="send-at">{t('updates.scheduleAt')}</label>
          <input type="datetime-local" id="send-at" name="sendAtLocal" required value={p.sendAtLocal ?? ''} />
        </div>
        <div>
          <label for="send-zone">{t('updates.timeZone')}</label>
          <ZoneSelect id="send-zone" name="timeZone" value={p.zone} />
        </div>
        <button type="submit" class="secondary">
          {t('updates.schedule')}
        </button>
      </form>,
    );
  }
  if (['draft', 'pending_approval', 'approved', 'scheduled'].includes(s) && p.can.send) {
    items.push(post('cancel', s === 'scheduled' ? t('updates.cancelScheduled') : t('updates.cancelUpdate'), { secondary: true, confirm: t('updates.cancelConfirm') }));
  }
  if (['draft', 'pending_approval', 'approved'].includes(s) && p.can.write && p.complete.length) {
    items.push(
      <form method="post" action={`/updates/${p.u.id}/test-send`} class="action test-send">
        <CsrfField token={p.csrfToken} />
        <OnceField />
        <div>
          <label for="test-locale">{t('updates.testLanguage')}</label>
          <select id="test-locale" name="locale">
            {p.complete.map((l) => (
              <option value={l} selected={l === p.u.default_locale}>
                {languageLabel(l)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="secondary" aria-describedby="test-hint">
          {t('updates.sendTest')}
        </button>
        <p class="hint" id="test-hint">
          {t('updates.testHint', { email: p.user.email })}
        </p>
      </form>,
    );
  }
  return (
    <section aria-labelledby="actions-h" class="card" id="actions">
      <h2 id="actions-h">{t('updates.actionsHeading')}</h2>
      <p>
        {t('updates.statusIs')} <StatusBadge status={s} />
        {s === 'scheduled' && p.u.send_at ? ` ${t('updates.scheduledFor', { date: formatDateTime(p.u.send_at) })}` : ''}
      </p>
      {items.length ? <div class="action-list">{items}</div> : <p class="muted">{t('updates.nothingToDo')}</p>}
    </section>
  );
};
