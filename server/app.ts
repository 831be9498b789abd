import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from './app-context.ts';
import { registerWebhookRoutes } from './ingress/webhook-routes.ts';
import { requireApiToken } from './plugins/auth.ts';
import { registerErrorHandler } from './plugins/error-handler.ts';
import { registerCatalogRoutes } from './routes/catalog-routes.ts';
import { registerEditorRoutes } from './routes/editor-routes.ts';
import { registerExecutionRoutes } from './routes/executions/execution-routes.ts';
import { registerFlowRoutes } from './routes/flows/flow-routes.ts';
import { registerImportExportRoutes } from './routes/flows/import-export-routes.ts';
import { registerPublishRoutes } from './routes/flows/publish-routes.ts';
import { registerRunRoute } from './routes/flows/run-route.ts';
import { registerHealthRoutes } from './routes/health-routes.ts';

/** Builds the HTTP application; every plugin and route is registered here, explicitly. */
export function buildApp(context: AppContext): FastifyInstance {
  const app = Fastify({
    logger: context.config.logLevel === 'silent' ? false : { level: context.config.logLevel },
    bodyLimit: context.config.bodyLimitBytes,
    // Proto-poisoned JSON is refused (400), never silently stripped.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  registerHealthRoutes(app, context);
  registerEditorRoutes(app);
  registerWebhookRoutes(app, context);
  app.register(async (api) => {
    requireApiToken(api, context.database);
    registerCatalogRoutes(api, context);
    registerFlowRoutes(api, context);
    registerImportExportRoutes(api, context);
    registerPublishRoutes(api, context);
    registerRunRoute(api, context);
    registerExecutionRoutes(api, context);
  });
  return app;
}
