import { Layout } from './layout.tsx';

interface OpenApiDoc {
  info: { title: string; description?: string };
  paths?: Record<string, Record<string, { summary?: string; tags?: string[]; parameters?: { name: string; in: string; required?: boolean; description?: string }[]; requestBody?: { content?: Record<string, unknown> }; responses?: Record<string, { description?: string }> }>>;
}

/** A reference page rendered on the server from the live OpenAPI document: no CDN, no script. */
export function apiDocsPage(doc: OpenApiDoc) {
  const ops = Object.entries(doc.paths ?? {}).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));
  return (
    <Layout title="API reference">
      <h1>{doc.info.title}</h1>
      <p>{doc.info.description}</p>
      <p>
        Machine-readable document: <a href="/api/openapi.json">/api/openapi.json</a>. Every route below lives under the same origin and needs a bearer token.
      </p>
      {ops.map(({ path, method, op }) => (
        <section class="card" id={`${method}-${path}`.replace(/[^a-zA-Z0-9-]/g, '-')}>
          <h2 class="flush">
            <code>
              {method} {path}
            </code>
          </h2>
          <p>{op.summary}</p>
          {op.parameters?.length ? (
            <>
              <h3>Parameters</h3>
              <ul>
                {op.parameters.map((p) => (
                  <li>
                    <code>{p.name}</code> ({p.in}
                    {p.required ? ', required' : ''}){p.description ? ` — ${p.description}` : ''}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {op.requestBody?.content ? (
            <p>
              Body: <code>{Object.keys(op.requestBody.content).join(', ')}</code>
            </p>
          ) : null}
          <h3>Responses</h3>
          <ul>
            {Object.entries(op.responses ?? {}).map(([status, r]) => (
              <li>
                <code>{status}</code> {r.description}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>
  );
}
