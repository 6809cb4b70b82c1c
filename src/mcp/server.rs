//! The MCP handler: lists tools, prompts and resources, and hands each request to the module
//! that answers it on a blocking thread. A tool's failure the model can fix is a tool result
//! with `isError: true`; only an unknown tool, prompt or resource is a protocol error.

use crate::mcp::args::{self, ToolError};
use crate::mcp::state::Shared;
use crate::mcp::{prompts, tools};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, GetPromptRequestParams, GetPromptResponse,
    Implementation, ListPromptsResult, ListResourceTemplatesResult, ListResourcesResult, ListToolsResult,
    PaginatedRequestParams, ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult, ServerCapabilities,
    ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData as McpError, RoleServer, ServerHandler};
use serde_json::Value;
use std::sync::Arc;

/// Contact resources per page of `resources/list`.
const RESOURCES_PAGE: usize = 100;

#[derive(Clone)]
pub struct Server {
    pub shared: Arc<Shared>,
}

const INSTRUCTIONS: &str = "ties serves the user's professional network as kept in their Markdown notes: \
contacts (people and companies), exchanges (dated mentions), and follow-ups (open tasks that mention someone). \
Find people with find_contacts, then pass the handle to get_contact or contact_history. Lists are paged: \
send the next_cursor of an answer to get the next page. Paths and lines are inside the vault.";

/// Runs blocking work off the async threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, McpError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| McpError::internal_error(format!("the request failed inside ties: {e}"), None))
}

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        let capabilities = ServerCapabilities::builder().enable_prompts().enable_resources().enable_tools().build();
        ServerConfig::new(capabilities)
            .with_server_info(Implementation::new("ties", env!("CARGO_PKG_VERSION")))
            .with_instructions(INSTRUCTIONS)
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, McpError> {
        Ok(ListToolsResult::with_all_items(tools::list()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, McpError> {
        let shared = Arc::clone(&self.shared);
        let name = request.name.to_string();
        let args = request.arguments.map_or(Value::Null, Value::Object);
        let answer = blocking(move || {
            let started = std::time::Instant::now();
            let answer = tools::call(&shared, &name, args);
            tracing::debug!("{name} answered in {:?}", started.elapsed());
            answer.map(|a| (name, a))
        })
        .await?;
        match answer {
            Some((_, Ok(value))) => Ok(CallToolResult::structured(value).into()),
            Some((name, Err(ToolError(message)))) => {
                tracing::info!("{name}: {message}");
                Ok(CallToolResult::error(vec![ContentBlock::text(message)]).into())
            }
            None => Err(McpError::invalid_params(
                format!(
                    "no tool `{}`: this server has {}",
                    request.name,
                    tools::list().iter().map(|t| t.name.as_ref()).collect::<Vec<_>>().join(", ")
                ),
                None,
            )),
        }
    }

    async fn list_prompts(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListPromptsResult, McpError> {
        Ok(ListPromptsResult::with_all_items(prompts::list()))
    }

    async fn get_prompt(
        &self,
        request: GetPromptRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<GetPromptResponse, McpError> {
        let shared = Arc::clone(&self.shared);
        let name = request.name.clone();
        let filled = blocking(move || prompts::get(&shared, &request.name, &request.arguments)).await?;
        match filled {
            Some(Ok(result)) => Ok(result.into()),
            Some(Err(ToolError(message))) => Err(McpError::invalid_params(message, None)),
            None => Err(McpError::invalid_params(
                format!("no prompt `{name}`: this server has meeting_prep and follow_up_drafts"),
                None,
            )),
        }
    }

    async fn list_resources(
        &self,
        request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, McpError> {
        let start = args::cursor(request.as_ref().and_then(|r| r.cursor.as_deref()))
            .map_err(|ToolError(m)| McpError::invalid_params(m, None))?;
        let shared = Arc::clone(&self.shared);
        let (items, next) = blocking(move || prompts::resources(&shared, start, RESOURCES_PAGE)).await?;
        let mut result = ListResourcesResult::with_all_items(items);
        result.next_cursor = next;
        Ok(result)
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, McpError> {
        Ok(ListResourceTemplatesResult::with_all_items(prompts::templates()))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, McpError> {
        let shared = Arc::clone(&self.shared);
        let uri = request.uri.clone();
        match blocking(move || prompts::read(&shared, &uri)).await? {
            Ok(contents) => Ok(ReadResourceResult::new(vec![contents]).into()),
            Err(ToolError(message)) => Err(McpError::resource_not_found(message, None)),
        }
    }
}
