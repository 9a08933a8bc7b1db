"""CSV readers: planner's own prospect and activity CSVs; HubSpot, Salesforce, Pipedrive."""
