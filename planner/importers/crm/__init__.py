"""The export formats planner recognises: HubSpot, Salesforce, Pipedrive and its own CSV."""
