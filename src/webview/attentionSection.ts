// The summary's "Needs attention" part: one button per kind of the review with its count and annualized
// value. A click asks the extension for the kind's filter (or, for "no close date", its place in the Needs
// Attention view); each button's accessible name says the kind, count, value and what the click does.
import { h } from './dom';
import type { AttentionKind, AttentionSummary, WebviewStrings } from '../features/summary/protocol';

export function attentionSection(attention: AttentionSummary, s: WebviewStrings, onClick: (kind: AttentionKind) => void): HTMLElement {
  const heading = h('h3', { id: 'attention-heading' }, s.needsAttention);
  const section = (...body: (HTMLElement | undefined)[]) =>
    h('section', { class: 'attention', 'aria-labelledby': 'attention-heading', 'data-testid': 'attention', 'data-status': attention.status }, heading, ...body);
  if (attention.status === 'loading') return section(h('p', { class: 'muted', role: 'status' }, s.loading));
  if (attention.status === 'error') return section(h('p', { class: 'error', role: 'alert' }, attention.message));
  return section(
    h('p', { class: 'muted', 'data-testid': 'attention-needing' }, attention.needing),
    h(
      'ul',
      { class: 'attention-kinds' },
      ...attention.kinds.map((cell) => {
        const button = h(
          'button',
          {
            type: 'button',
            id: `attention-${cell.kind}`,
            class: 'attention-kind',
            'data-testid': `attention-${cell.kind}`,
            'data-action': cell.action,
            'aria-label': cell.name,
            title: cell.name,
            disabled: cell.count === 0,
          },
          h('span', { class: 'attention-label' }, cell.label),
          h('span', { class: 'attention-count count' }, cell.count_text),
          h('span', { class: 'attention-value' }, cell.annualized.text),
        );
        button.addEventListener('click', () => onClick(cell.kind));
        return h('li', {}, button);
      }),
    ),
  );
}
