import { createHash } from 'node:crypto';
import { signLink } from '../links.ts';
import { routedAddress, routedExpiry } from './reply-address.ts';
import type { Config, Locale } from '../config.ts';
import type { Db } from '../db/connection.ts';
import type { Delivery, ReleaseSnapshot, Update, UpdateContent } from '../db/types.ts';
import { formatPromiseDate } from '../../i18n/dates.ts';
import { inLanguage } from '../languages.ts';
import { acknowledgementIn } from '../languages.ts';
import { displayName, fromHeader, safeHeader } from './escape.ts';
import { personalise, type RenderedVariant } from './personalise.ts';
import { renderVariant } from './render.ts';
import type { OutgoingEmail } from './transport.ts';

const LINK_LIFETIME_MS = 180 * 86_400_000;

/** What every email of one released update shares. */
export interface UpdateForSending {
  id: number;
  situationId: number;
  releasedAt: Date;
  final: boolean;
  defaultLocale: Locale;
  content: UpdateContent;
  ackKind: 'apology' | 'thanks' | 'both';
  ackText: string;
  snapshot: ReleaseSnapshot;
  /** Some recipients may be held until daytime on their clock. */
  quietHours?: boolean;
}

export async function loadUpdateForSending(db: Db, updateId: number): Promise<UpdateForSending> {
  const u: Update = await db.selectFrom('updates').selectAll().where('id', '=', updateId).executeTakeFirstOrThrow();
  if (!u.release_snapshot || !u.released_at) throw new Error(`update ${updateId} has not been released`);
  return {
    id: u.id,
    situationId: u.situation_id,
    releasedAt: u.released_at,
    final: u.final,
    defaultLocale: u.default_locale as Locale,
    content: u.content,
    ackKind: u.ack_kind!,
    ackText: u.ack_text,
    snapshot: u.release_snapshot,
    quietHours: u.quiet_hours,
  };
}

/**
 * Renders each (update, locale) variant once per process and personalises it
 * per recipient. Everything that goes into an email comes from the release
 * snapshot and the delivery row, so a retry produces the identical message.
 */
export class EmailComposer {
  private readonly variants = new Map<string, Promise<RenderedVariant>>();
  // Every recipient of an update shares the promised date; only locale and zone vary.
  private readonly dates = new Map<string, string>();
  constructor(private readonly config: Pick<Config, 'secret' | 'publicUrl' | 'from'> & Partial<Pick<Config, 'replyDomain'>>) {}

  /**
   * The email for readers of `locale`: everything around the officer's words in
   * that language, the words themselves in `contentLocale` (by default the
   * reader's version if it has words, an acknowledgement alone being none, else
   * the update's default language).
   */
  variant(update: UpdateForSending, locale: Locale, test = false, contentLocale?: Locale): Promise<RenderedVariant> {
    const own = update.content[locale];
    const written = contentLocale ?? (own && (own.subject.trim() || own.body.trim()) ? locale : update.defaultLocale);
    const key = `${update.id}:${locale}:${written}:${test ? 't' : ''}`;
    let v = this.variants.get(key);
    if (!v) {
      const c = update.content[written] ?? own!;
      const { snapshot } = update;
      v = renderVariant({
        locale,
        contentLocale: written,
        organisation: snapshot.organisation,
        // Each text in the reader's language where it has one, else the main text.
        situationTitle: inLanguage(snapshot.situationTitle, snapshot.situationTitles, locale),
        updateNumber: snapshot.updateNumber,
        subject: c.subject,
        bodyMarkdown: c.body,
        acknowledgement: { kind: update.ackKind, text: acknowledgementIn(update.content, update.ackText, written) },
        contactPoint: { ...snapshot.contactPoint, role: inLanguage(snapshot.contactPoint.role, snapshot.contactPoint.roles, locale) },
        final: update.final,
        test,
      });
      this.variants.set(key, v);
      v.catch(() => this.variants.delete(key));
    }
    return v;
  }

  private promiseDate(at: Date, locale: Locale, timeZone: string): string {
    const key = `${at.getTime()}|${locale}|${timeZone}`;
    let s = this.dates.get(key);
    if (s === undefined) {
      if (this.dates.size > 10_000) this.dates.clear();
      s = formatPromiseDate(at, locale, timeZone);
      this.dates.set(key, s);
    }
    return s;
  }

  async compose(update: UpdateForSending, d: Pick<Delivery, 'id' | 'email' | 'name' | 'locale' | 'timezone' | 'promised_at' | 'idempotency_key'> & { reader_locale?: string | null }): Promise<OutgoingEmail & { bodyHash: string }> {
    // The customer reads the email in their own language, around the content they were given.
    const locale = (d.reader_locale ?? d.locale) as Locale;
    const variant = await this.variant(update, locale, false, d.locale as Locale);
    const expiresAt = new Date(update.releasedAt.getTime() + LINK_LIFETIME_MS);
    const statusUrl = `${this.config.publicUrl}/c/${signLink(this.config.secret, { purpose: 'status', id: d.id, expiresAt })}`;
    const unsubscribeUrl = `${this.config.publicUrl}/unsubscribe/${signLink(this.config.secret, { purpose: 'unsubscribe', id: d.id, expiresAt })}`;
    const cp = update.snapshot.contactPoint;
    // With a reply domain, replies go to a routed address that identifies this
    // delivery (tracked, DESIGN.md rule 3); without one, to the person directly.
    const replyAddress = this.config.replyDomain
      ? routedAddress(this.config.secret, this.config.replyDomain, { deliveryId: d.id, expiresAt: routedExpiry(update.releasedAt) })
      : cp.email;
    const msg = personalise(variant, {
      name: d.name,
      statusUrl,
      unsubscribeUrl,
      replyTo: replyAddress,
      promisedDate: d.promised_at ? this.promiseDate(d.promised_at, locale, d.timezone) : '',
    });
    return {
      key: d.idempotency_key,
      from: fromHeader(this.config.from, update.snapshot.organisation),
      to: d.email,
      replyTo: `${displayName(cp.name)} <${replyAddress}>`,
      subject: msg.subject,
      html: msg.html,
      text: msg.text,
      headers: {
        'List-Unsubscribe': `<${unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      tags: [
        { name: 'update_id', value: String(update.id) },
        { name: 'situation_id', value: String(update.situationId) },
        { name: 'delivery_id', value: String(d.id) },
      ],
      bodyHash: createHash('sha256').update(msg.html).digest('hex'),
    };
  }
}

