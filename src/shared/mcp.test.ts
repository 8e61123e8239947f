import { describe, expect, it } from 'vitest';
import { mcpToolName, mcpToolOf } from './mcp';

describe('mcpToolOf', () => {
  it('reads the server and tool back out of the name the model sees', () => {
    expect(mcpToolOf(mcpToolName('docs', 'fetch_doc'))).toEqual({ server: 'docs', tool: 'fetch_doc' });
    expect(mcpToolOf('mcp__my-server__a__b')).toEqual({ server: 'my-server', tool: 'a__b' });
  });

  it('gives null for a built-in tool and for names that are not a server and a tool', () => {
    for (const name of ['bash', 'mcp__', 'mcp__docs', 'mcp__docs__', 'mcp____tool', 'mcp__bad_name__tool', 'xmcp__docs__tool']) {
      expect(mcpToolOf(name), name).toBeNull();
    }
  });
});
