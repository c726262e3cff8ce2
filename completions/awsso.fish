complete --keep-order --exclusive --command awsso --arguments "(COMPLETE=fish awsso -- (commandline --current-process --tokenize --cut-at-cursor) (commandline --current-token))"
