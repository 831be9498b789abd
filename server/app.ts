import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from './app-context.ts';
import { registerCredentialRoutes } from './credentials/credential-routes.ts';
import { registerOAuth2AuthorizeRoute, registerOAuth2CallbackRoute } from './credentials/oauth2-routes.ts';
import { registerDeliveryRoutes } from './delivery/delivery-routes.ts';
import { registerEventRoutes } from './delivery/event-routes.ts';
import { registerSubscriptionRoutes } from './delivery/subscription-routes.ts';
import { registerTestHookRoutes } from './ingress/test-hook-routes.ts';
import { registerWebhookRoutes } from './ingress/webhook-routes.ts';
import { requireApiToken } from './plugins/auth.ts';
import { registerErrorHandler } from './plugins/error-handler.ts';
import { registerJsonBodyParser } from './plugins/json-body.ts';
import { registerPackRoutes } from './packs/pack-routes.ts';
import { registerCatalogRoutes } from './routes/catalog-routes.ts';
import { registerEditorRoutes } from './routes/editor-routes.ts';
import { registerExecutionRoutes } from './routes/executions/execution-routes.ts';
import { registerReplayRoutes } from './routes/executions/replay-routes.ts';
import { registerFlowRoutes } from './routes/flows/flow-routes.ts';
import { registerImportExportRoutes } from './routes/flows/import-export-routes.ts';
import { registerIngressStatsRoute } from './routes/flows/ingress-stats-route.ts';
import { registerPublishRoutes } from './routes/flows/publish-routes.ts';
import { registerRunRoute } from './routes/flows/run-route.ts';
import { registerTestEventRoutes } from './routes/flows/test-event-routes.ts';
import { registerHealthRoutes } from './routes/health-routes.ts';
import { registerTryDraftRoute } from './routes/try-draft/try-draft-route.ts';

/** Builds the HTTP application; every plugin and route is registered here, explicitly. */
export function buildApp(context: AppContext): FastifyInstance {
  const app = Fastify({
    logger: context.config.logLevel === 'silent' ? false : { level: context.config.logLevel },
    bodyLimit: context.config.bodyLimitBytes,
    // Proto-poisoned JSON is refused (400), never silently stripped.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  });
  registerJsonBodyParser(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  registerHealthRoutes(app, context);
  registerEditorRoutes(app);
  registerWebhookRoutes(app, context);
  registerTestHookRoutes(app, context);
  registerOAuth2CallbackRoute(app, context);
  app.register(async (api) => {
    requireApiToken(api, context.database);
    registerCatalogRoutes(api, context);
    registerPackRoutes(api, context);
    registerFlowRoutes(api, context);
    registerImportExportRoutes(api, context);
    registerPublishRoutes(api, context);
    registerIngressStatsRoute(api, context);
    registerRunRoute(api, context);
    registerTryDraftRoute(api, context);
    registerTestEventRoutes(api, context);
    registerExecutionRoutes(api, context);
    registerReplayRoutes(api, context);
    registerCredentialRoutes(api, context);
    registerOAuth2AuthorizeRoute(api, context);
    registerSubscriptionRoutes(api, context);
    registerEventRoutes(api, context);
    registerDeliveryRoutes(api, context);
  });
  return app;
}
