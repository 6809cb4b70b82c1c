"""A second, independent MCP client for `ties mcp`: the Python SDK from PyPI (`mcp`).

Usage: python tests/mcp_client.py PATH/TO/ties VAULT   (TIES_TODAY fixes the date)
Prints three lines that tests/mcp.rs compares: the tool names, a card, the overdue follow-ups.
"""

import asyncio
import json
import os
import sys

from mcp import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client


def answer(result):
    if result.is_error:
        raise SystemExit(f"tool error: {result.content}")
    if result.structured_content is not None:
        return result.structured_content
    return json.loads(result.content[0].text)


async def main(ties, vault):
    # The SDK passes the server only a few variables of ours: give it the date explicitly.
    today = os.environ["TIES_TODAY"]
    args = ["--today", today, "--no-cache", "mcp", vault]
    params = StdioServerParameters(command=ties, args=args, env={"TIES_LOG": "ties=warn"})
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            tools = await session.list_tools()
            print("tools:", " ".join(t.name for t in tools.tools))
            card = answer(await session.call_tool("get_contact", {"handle": "priya-nair"}))
            catch_up = card["catch_up"]
            print("card:", card["name"], card["company"]["handle"], catch_up["state"], catch_up["days_since_last"])
            due = answer(await session.call_tool("list_follow_ups", {"status": "overdue", "limit": 3}))
            print("overdue:", " ".join(f["with"][0]["handle"] for f in due["items"]))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
