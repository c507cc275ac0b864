/**
 * Visitors on the site now, before any chat (chat.visitors): where each is, for how long, from
 * where and on what; a click shows the pages viewed with the time on each. GET /api/visitors is
 * the truth; `visitor.changed` on /api/ws says when to read it again.
 */
import { signal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { coalesced } from '../api/coalesce.js';
import { visitorsApi } from '../api/endpoints.js';
import type { EventStream } from '../api/event-stream.js';
import type { VisitorDetail, VisitorSummary } from '../api/types.js';
import { formatDuration } from '../i18n/format.js';
import { t, type MessageKey } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { notify, reportError } from '../kit/toast-store.js';
import { pageLabel } from './ChatList.js';

export class VisitorsModel {
  readonly visitors = signal<VisitorSummary[]>([]);
  readonly loaded = signal(false);
  readonly selected = signal<string | null>(null);
  readonly trail = signal<VisitorDetail | null>(null);
  /** When the list was read, and now: times on site count on between reads. */
  readonly readAt = signal(Date.now());
  readonly now = signal(Date.now());
  /** Visitors I invited whose answer has not come yet. */
  readonly invited = signal<ReadonlySet<string>>(new Set());
  private unsubscribe: (() => void) | undefined;
  private timer: number | undefined;

  constructor(private readonly stream: EventStream) {}

  start(): void {
    this.unsubscribe = this.stream.subscribe({
      resync: () => void this.refresh(),
      event: (e) => {
        // A chat that ends changes the visitor's "chatting" mark too.
        if (e.type === 'visitor.changed' || e.type === 'chat.ended') void this.refresh();
        if (e.type === 'visitor.invitation_answered' && this.invited.value.has(e.visitorId)) {
          const next = new Set(this.invited.value);
          next.delete(e.visitorId);
          this.invited.value = next;
          if (e.answer === 'declined') notify('info', 'visitors.declined');
          if (e.answer === 'expired') notify('info', 'visitors.expired');
        }
      },
    });
    this.timer = window.setInterval(() => (this.now.value = Date.now()), 1000);
    void this.refresh();
  }

  stop(): void {
    this.unsubscribe?.();
    window.clearInterval(this.timer);
  }

  readonly refresh = coalesced(async () => {
    try {
      const list = await visitorsApi.list();
      this.visitors.value = list.visitors;
      this.readAt.value = Date.now();
      this.now.value = this.readAt.value;
      this.loaded.value = true;
      const id = this.selected.value;
      if (id) this.trail.value = await visitorsApi.get(id);
    } catch (err) {
      reportError('visitors.load', err);
    }
  });

  async select(visitorId: string): Promise<void> {
    if (this.selected.value === visitorId) {
      this.selected.value = null;
      this.trail.value = null;
      return;
    }
    this.selected.value = visitorId;
    this.trail.value = null;
    try {
      this.trail.value = await visitorsApi.get(visitorId);
    } catch (err) {
      reportError('visitors.load', err);
    }
  }

  async invite(visitorId: string): Promise<void> {
    try {
      await visitorsApi.invite(visitorId, t('visitors.inviteMessage'));
      this.invited.value = new Set([...this.invited.value, visitorId]);
      notify('success', 'visitors.invitedToast');
    } catch (err) {
      reportError('visitors.invite.action', err);
    }
  }

  /** Counted on from the last read while the visitor is on the site. */
  elapsed(ms: number, online: boolean): number {
    return online ? ms + Math.max(0, this.now.value - this.readAt.value) : ms;
  }
}

const DEVICE_WORDS: Record<string, MessageKey> = { desktop: 'visitors.device.desktop', mobile: 'visitors.device.mobile', tablet: 'visitors.device.tablet' };

function deviceText(d: VisitorSummary['device']): string {
  const type = DEVICE_WORDS[d.type];
  return [type ? t(type) : d.type, d.browser, d.os].filter(Boolean).join(' · ');
}

function regionText(r: VisitorSummary['region']): string {
  if (!r) return t('visitors.noRegion');
  return [r.city, r.region, r.country].filter(Boolean).join(', ');
}

const ANSWER_WORDS: Record<string, MessageKey> = { accepted: 'visitors.invitation.accepted', declined: 'visitors.invitation.declined', expired: 'visitors.invitation.expired' };

/** Who invited the visitor in this visit (a rule or an agent) and the answer; '' when nobody did. */
function invitationText(inv: VisitorSummary['lastInvitation']): string {
  if (!inv) return '';
  const who = inv.ruleName ? t('visitors.invitation.byRule', { rule: inv.ruleName }) : t('visitors.invitation.byAgent', { agent: inv.agentName ?? '' });
  const answer = inv.answer ? ANSWER_WORDS[inv.answer] : undefined;
  return t('visitors.invitation.line', { who, answer: t(answer ?? 'visitors.invitation.open') });
}

export function VisitorsPanel({ stream }: { stream: EventStream }) {
  const model = useMemo(() => new VisitorsModel(stream), [stream]);
  useEffect(() => {
    model.start();
    return () => model.stop();
  }, [model]);
  const visitors = model.visitors.value;
  const trail = model.trail.value;
  return (
    <section class="visitors" aria-labelledby="visitors-title">
      <h3 id="visitors-title">{t('visitors.title', { count: visitors.length })}</h3>
      {!model.loaded.value ? (
        <p role="status">{t('common.loading')}</p>
      ) : visitors.length === 0 ? (
        <p class="muted">{t('visitors.none')}</p>
      ) : (
        <ul class="visitor-list">
          {visitors.map((v) => (
            <li key={v.visitorId} data-visitor={v.visitorId}>
              <div class="visitor-item">
              <button type="button" class={`visitor-row${model.selected.value === v.visitorId ? ' is-selected' : ''}`} aria-expanded={model.selected.value === v.visitorId} onClick={() => void model.select(v.visitorId)}>
                <span class="visitor-page">{v.currentPage ? v.currentPage.title || pageLabel(v.currentPage.url) : t('visitors.arriving')}</span>
                <span class="visitor-meta">
                  <span>{t('visitors.onSite', { time: formatDuration(model.elapsed(v.timeOnSiteMs, v.online)) })}</span>
                  <span>{t('visitors.pages', { count: v.pagesViewed })}</span>
                  <span>{regionText(v.region)}</span>
                  <span>{deviceText(v.device)}</span>
                </span>
                {v.lastInvitation && (
                  <span class="visitor-invitation" data-answer={v.lastInvitation.answer ?? 'open'}>
                    {invitationText(v.lastInvitation)}
                  </span>
                )}
                <span class="visitor-badges">
                  {v.returning && <span class="badge">{t('visitors.returning')}</span>}
                  {v.chatId && <span class="badge">{t('visitors.chatting')}</span>}
                </span>
              </button>
              {!v.chatId && <Button class="visitor-invite" label={model.invited.value.has(v.visitorId) ? t('visitors.invited') : t('visitors.invite')} disabled={model.invited.value.has(v.visitorId)} onClick={() => void model.invite(v.visitorId)} />}
              </div>
              {model.selected.value === v.visitorId && trail?.visitorId === v.visitorId && (
                <div class="visitor-trail">
                  <dl>
                    <dt>{t('visitors.landing')}</dt>
                    <dd>{pageLabel(trail.landingPage) || '—'}</dd>
                    <dt>{t('visitors.referrer')}</dt>
                    <dd>{trail.referrer ? pageLabel(trail.referrer) : t('visitors.direct')}</dd>
                    {trail.searchEngine && (
                      <>
                        <dt>{t('visitors.search')}</dt>
                        <dd>{trail.searchKeywords ? `${trail.searchKeywords} (${trail.searchEngine})` : trail.searchEngine}</dd>
                      </>
                    )}
                  </dl>
                  <ol class="visitor-pages">
                    {trail.pages.map((p) => (
                      <li key={p.seq}>
                        <span class="visitor-page-url">{p.title ? `${p.title} — ${pageLabel(p.url)}` : pageLabel(p.url)}</span>
                        <span class="muted">{formatDuration(model.elapsed(p.durationMs, p.leftAt === null && trail.online))}</span>
                      </li>
                    ))}
                  </ol>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
