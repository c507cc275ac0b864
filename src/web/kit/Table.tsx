/** A data table with a caption and real header cells (screen readers read rows by column). */
import type { ComponentChildren } from 'preact';

export interface Column<R> {
  key: string;
  header: string;
  cell: (row: R) => ComponentChildren;
  /** Numbers and times line up on the right. */
  numeric?: boolean;
}

export function Table<R>({ caption, columns, rows, rowKey, empty, hideCaption }: { caption: string; columns: Column<R>[]; rows: R[]; rowKey: (row: R) => string; empty: string; hideCaption?: boolean }) {
  return (
    <div class="table-wrap">
      <table class="table">
        <caption class={hideCaption ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" class={c.numeric ? 'num' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} class="table-empty">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={rowKey(r)}>
                {columns.map((c) => (
                  <td key={c.key} class={c.numeric ? 'num' : undefined}>
                    {c.cell(r)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
