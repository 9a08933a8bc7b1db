"""CSV readers: the planner's own formats now, CRM exports (HubSpot, Salesforce, Pipedrive) next."""
