import type { Segment, User } from '../db/types.ts';
import { formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { t } from '../../i18n/current.ts';

export const SegmentListPage = (p: { user: User; csrfToken: string; segments: Array<Segment & { eligible: number }>; canWrite: boolean }) => (
  <Layout title={t('segments.title')} user={p.user} csrfToken={p.csrfToken} section="segments">
    <h1>{t('segments.title')}</h1>
    <p class="muted">{t('segments.intro')}</p>
    <p>
      <a class="button" href="/segments/new">
        {p.canWrite ? t('segments.newSegment') : t('segments.tryRule')}
      </a>
    </p>
    {p.segments.length === 0 ? (
      <p>{t('segments.noneYet')}</p>
    ) : (
      <table>
        <caption class="visually-hidden">{t('segments.listCaption')}</caption>
        <TableHead columns={[t('segments.colName'), t('segments.colKind'), t('segments.colReaches'), t('segments.colCreated'), t('segments.colChanged')]} />
        <tbody>
          {p.segments.map((s) => (
            <tr>
              <td>
                <a href={`/segments/${s.id}`}>{s.name}</a>
              </td>
              <td>{s.kind === 'list' ? t('segments.kindList') : t('segments.kindRule')}</td>
              {/* Eligible now: suppressed, unsubscribed and erased customers are not counted. */}
              <td>{t('segments.customers', { count: s.eligible })}</td>
              <td>{formatDateTime(s.created_at)}</td>
              <td>{formatDateTime(s.updated_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </Layout>
);
