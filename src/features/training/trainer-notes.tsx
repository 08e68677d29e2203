// The trainer's notes: the one Markdown a scenario holds (GFM). Raw HTML is dropped (skipHtml),
// unsafe URLs are dropped by react-markdown, links open in a new tab, and an image is shown as its
// alt text: a scenario imported from another trainer must not make the page fetch anything.
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

const COMPONENTS: Components = {
  a: ({ node: _node, href, children, ...rest }) => (
    <a href={href} target="_blank" rel="noopener noreferrer" {...rest}>
      {children}
    </a>
  ),
  img: ({ alt }) => <span className="tr-img-alt">[image: {alt ?? ''}]</span>,
};

export function TrainerNotes({ markdown }: { markdown: string }) {
  return (
    <div className="tr-notes">
      <Markdown remarkPlugins={[remarkGfm]} skipHtml components={COMPONENTS}>
        {markdown}
      </Markdown>
    </div>
  );
}
