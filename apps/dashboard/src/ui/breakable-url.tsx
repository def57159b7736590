import { Fragment } from 'react';

/**
 * A URL that wraps after its separators ("https://api.example.com/" + "v2/" + "users"), never
 * in the middle of a word: `<wbr>` after each `/`, `.`, `?`, `&` and `=`. A single segment
 * longer than the line may still break (`overflow-wrap: break-word`), but only then.
 */
export function BreakableUrl({ url }: { url: string }) {
  const parts = url.split(/(?<=[/.?&=])/);
  return (
    <span className="url">
      {parts.map((part, index) => (
        // The parts of one URL never reorder: the index is a stable key.
        <Fragment key={index}>
          {part}
          {index < parts.length - 1 && <wbr />}
        </Fragment>
      ))}
    </span>
  );
}
