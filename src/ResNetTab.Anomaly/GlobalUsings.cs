// The scorers share the contract (Scoring), the data type (Data) and the neighbour searches across folders.
global using ResNetTab.Anomaly.Contextual;
global using ResNetTab.Anomaly.Covariance;
global using ResNetTab.Anomaly.Data;
global using ResNetTab.Anomaly.Empirical;
global using ResNetTab.Anomaly.Ensemble;
global using ResNetTab.Anomaly.Isolation;
global using ResNetTab.Anomaly.Lof;
global using ResNetTab.Anomaly.Neighbors;
global using ResNetTab.Anomaly.Persistence;
global using ResNetTab.Anomaly.Scoring;
