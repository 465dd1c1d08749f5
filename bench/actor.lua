-- wrk script: GET the actor document as a federating server asks for it (URL given on wrk's command line).
wrk.method = "GET"
wrk.headers["Accept"] = "application/activity+json"
